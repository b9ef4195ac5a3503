//! Nicknames: every reader's, in one list ([`nicknames`]); which a format string's plan
//! is ([`same_shape`]: nginx's stock `combined` is Apache's); and, for a line that fails,
//! the nickname that reads it (the hint).

use std::sync::LazyLock;

use super::log_format::{self, FormatError, Item, Plan};
use super::{
    Builtin, Captures, Format, Server, apigateway, aws, envoy, haproxy, json_formats, plan, squid, syslog,
    tomcat, traefik, varnish, w3c,
};

/// A format of one of the Apache-like dialects, told by its nickname or its form (see
/// each reader); `None` for a LogFormat, a log_format or a nickname of theirs.
/// Its server names its fields in the profiles (`squid.access.result_code`), but for
/// Traefik's `traefik_generic`, which is combined.
pub(super) fn dialect_plan(text: &str) -> Option<Result<(Plan, Option<Server>), FormatError>> {
    type Read = fn(&str) -> Option<Result<Plan, FormatError>>;
    let readers: [(Read, Server); 4] = [
        (traefik::read, Server::Traefik),
        (squid::read, Server::Squid),
        (tomcat::read, Server::Tomcat),
        (varnish::read, Server::Varnish),
    ];
    let generic = text.trim() == "traefik_generic";
    readers.iter().find_map(|(read, server)| {
        read(text).map(|plan| plan.map(|plan| (plan, (!generic).then_some(*server))))
    })
}

/// Every nickname, reader by reader, in the order `LOG_FORMAT`'s allowed text names them:
/// Apache's and nginx's, Envoy's, the JSON logs', API Gateway's, AWS's layouts, W3C's,
/// the Apache-like dialects', HAProxy's.
pub fn nicknames() -> Vec<&'static str> {
    let mut names: Vec<&str> =
        (log_format::NICKNAMES.iter().chain(&envoy::NICKNAMES)).map(|(n, _)| *n).collect();
    names.extend(json_formats::NICKNAMES.iter().map(|(n, ..)| *n));
    names.extend(apigateway::NICKNAMES.iter().map(|(n, _)| *n));
    names.extend(aws::LAYOUTS.iter().map(|l| l.nickname));
    names.extend(w3c::NICKNAMES.iter().map(|(n, _)| *n));
    names.push(w3c::CLOUDFRONT_JSON);
    names.extend(traefik::NICKNAMES);
    names.push(tomcat::NICKNAME);
    names.extend(squid::NICKNAMES.iter().map(|(n, _)| *n));
    names.push(varnish::NICKNAME);
    names.extend(haproxy::NICKNAMES.iter().map(|(n, _)| *n));
    names
}

/// The longest line a failing line's hint is looked for in.
const HINT_MAX_LINE: usize = 16 << 10;

/// The nicknames, compiled when a failing line first asks which one reads it.
static NICKNAME_FORMATS: LazyLock<Vec<(&'static str, Format)>> = LazyLock::new(|| {
    // Not a JSON log's: it reads any JSON object (a missing key is null).
    (nicknames().into_iter())
        .filter_map(|name| Some((name, Format::strict(name).ok()?)))
        .filter(|(_, format)| format.matcher().json_server().is_none())
        .collect()
});

/// The fields of an API Gateway template whose text is a JSON object with each variable
/// the whole of a string value (the console's JSON example), each with its key path: such
/// a format is read by keys, so a template with keys added or removed still reads. A
/// template with a bare variable (`"latency": $context.responseLatency`) is read as text:
/// API Gateway writes a bare `-` there when it has no value, which no JSON reader reads.
pub(super) fn apigateway_json(plan: &Plan) -> Option<Vec<(String, plan::Directive)>> {
    if !plan.directives().all(|d| d.text.starts_with(apigateway::PREFIX)) {
        return None;
    }
    let fields = json_formats::template_fields(plan)?;
    let directive = |f: &json_formats::TemplateField| match &plan.items[f.item] {
        // A bare variable writes a bare `-` when it has no value, which is not JSON.
        Item::Directive(d) if f.whole && f.quoted => Some((f.path.clone(), d.clone())),
        _ => None,
    };
    fields.iter().map(directive).collect()
}

/// The nicknames `LOG_FORMAT`'s `syslog:` form takes (a text format's: not a JSON log's,
/// AWS's or W3C's, which it refuses), in that form, each with its place in
/// [`NICKNAME_FORMATS`], in that order: a hint names only a `LOG_FORMAT` that starts.
static SYSLOG_NICKNAMES: LazyLock<Vec<(usize, String)>> = LazyLock::new(|| {
    (NICKNAME_FORMATS.iter().enumerate())
        .map(|(i, (name, _))| (i, format!("{}{name}", syslog::FORM)))
        .filter(|(_, text)| Format::new(text).is_ok())
        .collect()
});

/// The first nickname other than `formats`' members that reads `line`; for a line with a
/// syslog header that none reads, the first that reads the line after its header (one of
/// `formats` too), in `syslog:`'s form. Lines longer than any access-log line a server
/// writes (16 KiB; Apache's request line stops at 8 KiB) are not tried: they are not log
/// lines, and six more passes over them would be waste.
#[cold]
pub(super) fn nickname_that_reads(line: &[u8], formats: &[Format]) -> Option<&'static str> {
    if line.len() > HINT_MAX_LINE {
        return None;
    }
    let mut captures = Captures::default();
    // Combined reads every common line already.
    let combined = formats.iter().any(|f| matches!(f, Format::Scanner(p) if p.format == Builtin::Combined));
    let found = NICKNAME_FORMATS.iter().find_map(|(name, format)| {
        let other = !(formats.contains(format) || combined && *name == "common");
        (other && format.read(line, &mut captures).is_ok()).then_some(*name)
    });
    let after_header = || {
        let inner = &line[syslog::read(line).map(|p| p.end).filter(|&end| end > 0)?..];
        let reads = |(i, _): &&(usize, String)| NICKNAME_FORMATS[*i].1.read(inner, &mut captures).is_ok();
        SYSLOG_NICKNAMES.iter().find(reads).map(|(_, text)| text.as_str())
    };
    found.or_else(after_header)
}

/// Whether two formats read the same lines into the same keys and types, wherever they
/// were written (nginx's stock `combined` is Apache's combined).
pub(super) fn same_shape(a: &Plan, b: &Plan) -> bool {
    let shape = |s: &Plan| -> Vec<(Vec<u8>, String, String)> {
        let mut items: Vec<(Vec<u8>, String, String)> = Vec::new();
        let mut closing_bracket = false;
        for item in &s.items {
            match item {
                // nginx's `[$time_local]` is Apache's `%t`: the brackets join the time.
                Item::Directive(d) if d.kind == log_format::Kind::Time(log_format::TimePart::ClfInner) => {
                    let opened = items
                        .last_mut()
                        .is_some_and(|(l, k, _)| k.is_empty() && l.pop_if(|b| *b == b'[').is_some());
                    let kind = if opened {
                        log_format::Kind::Time(log_format::TimePart::Clf)
                    } else {
                        d.kind.clone()
                    };
                    items.push((Vec::new(), d.key.clone(), format!("{kind:?}")));
                    closing_bracket = opened;
                    continue;
                }
                Item::Literal(l) if closing_bracket && l.first() == Some(&b']') => {
                    items.push((l[1..].to_vec(), String::new(), String::new()))
                }
                Item::Literal(l) => items.push((l.clone(), String::new(), String::new())),
                // nginx's `-` where `%l` is reads what `%l` reads of nginx's lines.
                Item::Directive(d) if d.kind == log_format::Kind::Dash => {
                    items.push((Vec::new(), d.key.clone(), format!("{:?}", log_format::Kind::Name)))
                }
                Item::Directive(d) => items.push((Vec::new(), d.key.clone(), format!("{:?}", d.kind))),
            }
            closing_bracket = false;
        }
        // Adjacent literals join.
        let mut joined: Vec<(Vec<u8>, String, String)> = Vec::new();
        for item in items {
            match (joined.last_mut(), item.1.is_empty()) {
                (Some(last), true) if last.1.is_empty() => last.0.extend(item.0),
                _ => joined.push(item),
            }
        }
        joined
    };
    shape(a) == shape(b)
}
