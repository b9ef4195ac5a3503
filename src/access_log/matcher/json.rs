//! A JSON access log's lines, read by their key paths into the same entry a text
//! format's matcher fills: a group per path (a string's span is its body between the
//! quotes, escapes as written; a number's, `true`'s and `false`'s their text), absent
//! for a missing key, `null` or an object; an array (how Go logs a header) reads as its
//! first element. The typed fields are then checked as any format's are. Unknown keys
//! are read past (checked as JSON) and not written: a format names the keys it writes.
//!
//! A `LOG_FORMAT` shaped as a JSON object (nginx's `escape=json` formats, Apache's
//! JSON-shaped `LogFormat`s) is read the same way ([`Matcher::compile_template`]): each
//! directive by the key path it stands under, its value as the server wrote it (escapes
//! undone as the text format's are), with the server's quirks forgiven
//! ([`json_object::Dialect`]).

use super::{MAX_TIME_PARTS, Matcher, Slot, TimeRead};
use crate::access_log::json_formats::TemplateField;
use crate::access_log::log_format::FormatError;
use crate::access_log::plan::{Directive, Escape, Header, Item, Kind, Plan};
use crate::access_log::strftime::TimeReader;
use crate::access_log::{Field, ParseError, Server};
use crate::json::Unescape;
use crate::json_object::{self, Dialect, Kind as JsonType, Paths, Value};

/// A JSON format's field: the key path it reads and the directive it stands for (its
/// key, kind and, as its text, the path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonField {
    /// The keys from the top of the object to the value, joined by `.`.
    pub path: String,
    /// What firelog writes it as.
    pub directive: Directive,
}

impl Matcher {
    /// Compiles a JSON log's fields, in the order their keys are written.
    pub fn compile_json(fields: Vec<JsonField>, server: Server) -> Result<Matcher, FormatError> {
        let paths = Paths::new(&fields.iter().map(|f| f.path.as_str()).collect::<Vec<_>>())
            .map_err(|e| FormatError(e.to_string()))?;
        let mut m = Matcher::empty(Plan {
            items: fields.iter().map(|f| Item::Directive(f.directive.clone())).collect(),
            escape: Escape::Json,
        })?;
        // The time's parts (one, or a W3C log's `date` and `time`), their groups, the first's path.
        let (mut parts, mut time_groups, mut first) = (Vec::new(), Vec::new(), None);
        for (k, f) in fields.iter().enumerate() {
            let d = &f.directive;
            let group = k + 1;
            match &d.kind {
                Kind::Time(part) => {
                    parts.push(part);
                    time_groups.push(group);
                    first.get_or_insert((f.path.as_str(), d.position));
                    // The later parts make the first's one `timestamp`: no key of their own.
                    if parts.len() > 1 {
                        continue;
                    }
                }
                // A W3C log's query: `path` is its stem with `?` and the query.
                Kind::Query => m.path_query = Some(group),
                Kind::Status if d.key == "status" => m.status = Some(group),
                Kind::UrlPath => m.path = Some(group),
                Kind::Text if d.key == "user_agent" => m.user_agent = Some(group),
                Kind::Host if d.key == "vhost" => m.vhost = Some(group),
                _ => {}
            }
            m.slots.push(Slot {
                name: d.key.as_str().into(),
                key: crate::column::Key::new(crate::column::key_bytes(&d.key, m.slots.is_empty())),
                group,
                kind: d.kind.clone(),
                // A string's body needs no escaping in a plain line; a number's text is
                // written between quotes where a string is wanted.
                quoted: true,
                unescape: Unescape::JsonBody,
                empty_is_null: false,
                position: u16::try_from(d.position).unwrap_or(u16::MAX),
                header: header(&d.key).or_else(|| d.header()),
                directive: d.text.as_str().into(),
                absent: false,
            });
        }
        m.groups = fields.len();
        // An address:port value's port: a group past the paths', its slot after the address's.
        for (k, f) in fields.iter().enumerate().rev() {
            if let Kind::Endpoint { port } = &f.directive.kind {
                m.groups += 1;
                m.layout.endpoints.push((k + 1, m.groups));
                let at = m.slots.iter().position(|s| s.group == k + 1).map_or(m.slots.len(), |i| i + 1);
                m.slots.insert(at, super::endpoint::port_slot(port, m.groups, &f.directive, false));
            }
        }
        if let Some((path, position)) = first {
            let reader = TimeReader::new(&parts).map_err(|why| FormatError(format!("{path}: {why}")))?;
            let position = u16::try_from(position).unwrap_or(u16::MAX);
            m.time = Some(TimeRead { groups: time_groups, reader, position, zone: None });
        }
        m.checked = super::check::checks(&m.slots, m.status, m.plan.escape);
        m.json = Some((paths, server));
        Ok(m)
    }
}

impl Matcher {
    /// Compiles a plan shaped as a JSON object whose `fields` (each directive the whole of
    /// its value: [`crate::access_log::json_formats::template_fields`]) are read by their
    /// key paths, in any order, a missing key null. Keys, kinds and escapes are the
    /// plan's, as [`Matcher::compile`] gives them; `Err` for a plan the keys cannot read
    /// (a path twice), which is then read as text.
    pub fn compile_template(plan: Plan, fields: &[TemplateField]) -> Result<Matcher, FormatError> {
        let dialect = match plan.escape {
            Escape::Json => Dialect::Template,
            Escape::Apache | Escape::Nginx => Dialect::TemplateEscapes,
            // escape=none writes quotes as they are; other servers write no JSON templates.
            _ => return Err(FormatError("a JSON template is Apache's or nginx's, escaped".into())),
        };
        let paths = Paths::new(&fields.iter().map(|f| f.path.as_str()).collect::<Vec<_>>())
            .map_err(|e| FormatError(e.to_string()))?
            .in_dialect(dialect);
        let server = if plan.escape == Escape::Apache { Server::Apache } else { Server::Nginx };
        let escape = plan.escape;
        let mut m = Matcher::empty(plan)?;
        let (mut time_groups, mut time_parts, mut time_position) = (Vec::new(), Vec::new(), 0);
        for (k, f) in fields.iter().enumerate() {
            let Some(Item::Directive(d)) = m.plan.items.get(f.item) else {
                return Err(FormatError(format!("item {} is no directive", f.item)));
            };
            let group = k + 1;
            match &d.kind {
                Kind::Time(part) => {
                    time_groups.push(group);
                    time_parts.push(part.clone());
                    if time_groups.len() > 1 {
                        continue;
                    }
                    time_position = d.position;
                }
                Kind::Status if d.key == "status" => m.status = Some(group),
                Kind::Request => m.request = Some(group),
                Kind::UrlPath => m.path = Some(group),
                Kind::Text if d.key == "user_agent" => m.user_agent = Some(group),
                Kind::Host if d.key == "vhost" => m.vhost = Some(group),
                _ => {}
            }
            let key = if d.kind == Kind::Request { crate::column::METHOD_KEY } else { &d.key };
            let unescape = match escape {
                _ if !f.quoted => Unescape::None,
                Escape::Apache => Unescape::Apache,
                Escape::Nginx => Unescape::NginxHex,
                Escape::Json => Unescape::Json,
                Escape::None | Escape::Url | Escape::Plus | Escape::Envoy | Escape::Haproxy => Unescape::None,
            };
            let slot = Slot {
                name: key.into(),
                key: crate::column::Key::new(crate::column::key_bytes(key, m.slots.is_empty())),
                group,
                kind: d.kind.clone(),
                quoted: f.quoted,
                unescape,
                // As the text format's: nginx's json mode writes an empty list as nothing.
                empty_is_null: escape == Escape::Json && d.kind == Kind::List,
                position: u16::try_from(d.position).unwrap_or(u16::MAX),
                header: d.header(),
                directive: d.text.as_str().into(),
                absent: false,
            };
            m.slots.push(slot);
        }
        if time_parts.len() > MAX_TIME_PARTS {
            return Err(FormatError(format!("more than {MAX_TIME_PARTS} time directives")));
        }
        if !time_parts.is_empty() {
            let parts: Vec<_> = time_parts.iter().collect();
            let reader = TimeReader::new(&parts).map_err(|why| {
                FormatError(format!("the time directive at position {time_position}: {why}"))
            })?;
            let position = u16::try_from(time_position).unwrap_or(u16::MAX);
            m.time = Some(TimeRead { groups: time_groups, reader, position, zone: None });
        }
        m.groups = fields.len();
        m.checked = super::check::checks(&m.slots, m.status, m.plan.escape);
        m.json = Some((paths, server));
        Ok(m)
    }
}

/// The spans of a JSON line's groups by `paths` (index 0 is the whole line).
pub(super) fn spans(
    paths: &Paths,
    line: &[u8],
    values: &mut Vec<Value>,
    spans: &mut Vec<(usize, usize)>,
) -> Result<(), ParseError> {
    values.clear();
    values.resize(paths.len(), Value::default());
    json_object::read(line, paths, values).map_err(|e| {
        let at = usize::try_from(e.column).unwrap_or(usize::MAX).saturating_sub(1);
        ParseError::at(Field::Json { expected: e.expected.as_str() }, line, at)
    })?;
    spans.clear();
    spans.push((0, line.len()));
    spans.extend(values.iter().map(|v| {
        let v = if v.kind == JsonType::Array { v.first_element(line) } else { *v };
        match v.kind {
            JsonType::String { .. }
            | JsonType::Number
            | JsonType::True
            | JsonType::False
            | JsonType::Bare => (v.start, v.end),
            _ => super::ABSENT,
        }
    }));
    Ok(())
}

/// The request header a JSON log's core key logs, for enrichment and the profiles, which
/// know a header by its name.
fn header(key: &str) -> Option<Header> {
    let name = match key {
        "user_agent" => "user-agent",
        "referer" => "referer",
        "x_forwarded_for" => "x-forwarded-for",
        _ => return None,
    };
    Some(Header::Request(name.into()))
}
