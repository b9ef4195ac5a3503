//! A JSON access log's lines, read by their key paths into the same entry a text
//! format's matcher fills: a group per path (a string's span is its body between the
//! quotes, escapes as written; a number's, `true`'s and `false`'s their text), absent
//! for a missing key, `null` or an object; an array (how Go logs a header) reads as its
//! first element. The typed fields are then checked as any format's are. Unknown keys
//! are read past (checked as JSON) and not written: a format names the keys it writes.

use super::{Matcher, Slot, TimeRead};
use crate::access_log::log_format::FormatError;
use crate::access_log::plan::{Directive, Escape, Header, Item, Kind, Plan};
use crate::access_log::strftime::TimeReader;
use crate::access_log::{Field, ParseError, Server};
use crate::json::Unescape;
use crate::json_object::{self, Kind as JsonType, Paths, Value};

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
        let mut time = None;
        for (k, f) in fields.iter().enumerate() {
            let d = &f.directive;
            let group = k + 1;
            match &d.kind {
                Kind::Time(part) if time.is_none() => {
                    let reader =
                        TimeReader::new(&[part]).map_err(|why| FormatError(format!("{}: {why}", f.path)))?;
                    let position = u16::try_from(d.position).unwrap_or(u16::MAX);
                    time = Some(TimeRead { groups: vec![group], reader, position, zone: None });
                }
                Kind::Status if d.key == "status" => m.status = Some(group),
                Kind::UrlPath => m.path = Some(group),
                Kind::Text if d.key == "user_agent" => m.user_agent = Some(group),
                Kind::Host if d.key == "vhost" => m.vhost = Some(group),
                _ => {}
            }
            m.slots.push(Slot {
                name: d.key.as_str().into(),
                key: crate::column::Key::new(crate::column::key_bytes(&d.key, k == 0)),
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
        m.time = time;
        m.checked = (0..m.slots.len())
            .filter(|&k| matches!(m.slots[k].kind, Kind::Integer { .. } | Kind::Decimal | Kind::Status))
            .collect();
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
            JsonType::String { .. } | JsonType::Number | JsonType::True | JsonType::False => (v.start, v.end),
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
