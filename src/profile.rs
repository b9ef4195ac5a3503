//! Field profiles (`SCHEMA`): the names a line's keys take for the tools that read them.
//!
//! - `firelog` (the default): the format's own keys, flat (`host`, `status`, ...).
//! - `ecs`: Elastic Common Schema, nested objects, as Elastic's Apache and nginx
//!   integrations write them (`source.address`, `http.request.method`, `@timestamp`).
//! - `otel`: OpenTelemetry semantic-convention attributes, flat dotted keys
//!   (`client.address`, `http.request.method`).
//!
//! A profile is compiled once from the writer's columns ([`crate::output::columns`]):
//! each column gets its name in the profile ([`NAMES`](crate::profile::NAMES), or the fallback rule of
//! [`fallbacks`](crate::profile::fallbacks)) and how its value is converted ([`Convert`](crate::profile::Convert)). The writer writes a line's
//! object as always; a profile then reads that object back (its own output: known keys,
//! JSON values) and writes it again under the profile's names, nested for `ecs`. The
//! default profile pays nothing.

use crate::access_log::plan::Header;
use crate::access_log::{Format, Server};
use crate::enrich::Enrichment;
use crate::output::{Column, ColumnType, Origin, When, columns};
use crate::variable::{SettingError, Variable};

/// `SCHEMA`.
pub const SCHEMA: Variable = Variable {
    name: "SCHEMA",
    default: "firelog",
    allowed: "firelog (the format's own keys), ecs (Elastic Common Schema, nested objects) or otel \
              (OpenTelemetry attributes, flat dotted keys)",
};

/// The field profile: which names the keys take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Schema {
    /// The format's own keys.
    #[default]
    Firelog,
    /// Elastic Common Schema, nested.
    Ecs,
    /// OpenTelemetry attributes, flat and dotted.
    Otel,
}

impl Schema {
    /// Reads `SCHEMA`'s value; empty is the default.
    pub fn from_setting(value: &str) -> Result<Schema, SettingError> {
        match value.trim() {
            "" | "firelog" => Ok(Schema::Firelog),
            "ecs" => Ok(Schema::Ecs),
            "otel" => Ok(Schema::Otel),
            _ => Err(SCHEMA.reject(value)),
        }
    }
}

/// How a column's value becomes the profile's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convert {
    /// As written.
    AsIs,
    /// `HTTP/1.1` is `1.1` (ECS's `http.version`, OTel's `network.protocol.version`);
    /// a value without `HTTP/` is written as logged.
    Version,
    /// The path of a request target: up to its `?`.
    TargetPath,
    /// The query of a request target: after its `?`; null when it has none or it is empty.
    TargetQuery,
    /// A duration to nanoseconds: the value times 10 to this power (`%D`'s microseconds:
    /// 3; `$request_time`'s seconds: 9). A value with more fraction digits than that, or
    /// past 2^63 - 1 nanoseconds, is null.
    Nanos(u8),
    /// A string as an array of that one string (OTel's header attributes and CloudWatch
    /// Logs names); null stays null. OTel's only: in ECS such a value stays a string.
    Array,
    /// `ua_bot`'s `true` is `"bot"` (OTel's `user_agent.synthetic.type`); `false` is null.
    Bot,
}

/// The well-known keys: a firelog key (not a header's), its ECS name and its OTel name
/// (empty: the fallback; `{server}`: `apache` or `nginx`), and how the value converts in each.
pub const NAMES: &[(&str, &str, &str, Convert)] = {
    use Convert::*;
    &[
        ("host", "source.address", "client.address", AsIs),
        ("client_ip", "client.address", "client.address", AsIs),
        ("remote_ip", "client.address", "client.address", AsIs),
        ("peer_ip", "", "network.peer.address", AsIs),
        ("remote_port", "source.port", "client.port", AsIs),
        ("server_ip", "destination.address", "network.local.address", AsIs),
        ("port", "destination.port", "server.port", AsIs),
        ("local_port", "", "network.local.port", AsIs),
        ("vhost", "destination.domain", "server.address", AsIs),
        ("server_name", "url.domain", "url.domain", AsIs),
        ("canonical_server_name", "url.domain", "url.domain", AsIs),
        ("ident", "{server}.access.identity", "", AsIs),
        ("user", "user.name", "user.name", AsIs),
        ("timestamp", "@timestamp", "timestamp", AsIs),
        ("method", "http.request.method", "http.request.method", AsIs),
        ("request_method", "http.request.method", "http.request.method", AsIs),
        ("path", "url.path", "url.path", AsIs),
        ("url_path", "url.path", "url.path", AsIs),
        ("query", "url.query", "url.query", AsIs),
        ("query_string", "url.query", "url.query", AsIs),
        ("request_uri", "url.original", "", AsIs),
        ("protocol", "http.version", "network.protocol.version", Version),
        ("server_protocol", "http.version", "network.protocol.version", Version),
        ("status", "http.response.status_code", "http.response.status_code", AsIs),
        ("bytes", "http.response.body.bytes", "http.response.body.size", AsIs),
        ("bytes_sent", "http.response.bytes", "http.response.size", AsIs),
        ("bytes_received", "http.request.bytes", "http.request.size", AsIs),
        ("scheme", "url.scheme", "url.scheme", AsIs),
        ("hostname", "host.hostname", "host.name", AsIs),
        ("pid", "process.pid", "process.pid", AsIs),
        ("request_id", "http.request.id", "", AsIs),
        ("ssl_cipher", "tls.cipher", "tls.cipher", AsIs),
        ("ssl_server_name", "tls.client.server_name", "tls.client.server_name", AsIs),
        ("log_group", "awscloudwatch.log_group", "aws.log.group.names", Array),
        ("log_stream", "awscloudwatch.log_stream", "aws.log.stream.names", Array),
        ("unparsed_line", "event.original", "log.record.original", AsIs),
        ("parse_error", "error.message", "error.message", AsIs),
    ]
};

/// The keys enrichment adds ([`crate::enrich`]), named as Elastic's GeoIP and user-agent
/// processors and OpenTelemetry's `geo.*` and `user_agent.*` attributes name them (empty:
/// the fallback). With `client_ip`, OTel's `client.address` is the real client's and the
/// connecting address is `network.peer.address`.
pub const ENRICHED: &[(&str, &str, &str, Convert)] = {
    use Convert::*;
    &[
        ("client_ip", "source.ip", "client.address", AsIs),
        ("geo_country_code", "source.geo.country_iso_code", "geo.country.iso_code", AsIs),
        ("geo_country_name", "source.geo.country_name", "", AsIs),
        ("geo_city", "source.geo.city_name", "geo.locality.name", AsIs),
        ("geo_latitude", "source.geo.location.lat", "geo.location.lat", AsIs),
        ("geo_longitude", "source.geo.location.lon", "geo.location.lon", AsIs),
        ("as_number", "source.as.number", "", AsIs),
        ("as_organization", "source.as.organization.name", "", AsIs),
        ("ua_browser", "user_agent.name", "user_agent.name", AsIs),
        ("ua_browser_version", "user_agent.version", "user_agent.version", AsIs),
        ("ua_os", "user_agent.os.name", "user_agent.os.name", AsIs),
        ("ua_os_version", "user_agent.os.version", "user_agent.os.version", AsIs),
        ("ua_device", "", "", AsIs),
        ("ua_bot", "", "user_agent.synthetic.type", Bot),
    ]
};

/// The name a connecting address takes in OTel when the real client (`client_ip`) is
/// `client.address`.
const PEER: &str = "network.peer.address";

/// The durations: in ECS each is `event.duration`, in nanoseconds; OTel has no
/// attribute for one (it falls back).
pub const DURATIONS: &[(&str, u8)] =
    &[("duration_us", 3), ("duration_ms", 6), ("duration_s", 9), ("request_time", 9)];

/// The request headers with a name of their own (by the header's name, lower case).
pub const HEADERS: &[(&str, &str, &str)] =
    &[("referer", "http.request.referrer", ""), ("user-agent", "user_agent.original", "user_agent.original")];

/// The name a column takes where its own is not known or is taken: in ECS
/// `<server>.access.<key>` (`nginx.access.x_forwarded_for`, as Elastic's integrations name
/// what ECS has no field for); in OTel a request header is `http.request.header.<name>`
/// and a response header `http.response.header.<name>`, each an array of its one value,
/// and anything else `<server>.<key>` (`nginx.request_time`). A header whose name is not
/// lower-case letters, digits, `-` and `_`, or whose attribute an earlier field took (the
/// same header logged twice), is `<server>.<key>` too. That last name is taken only by a
/// well-known name (ECS's `<server>.access.identity`, for a header `Identity`): the column
/// then takes it with `_2` (`_3`, ...).
pub fn fallbacks(schema: Schema, server: Server, column: &Column) -> Vec<(String, Convert)> {
    let server = server.name();
    let plain = |name: &str| {
        name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    let mut names = Vec::new();
    match (schema, &column.origin) {
        (Schema::Otel, Origin::Header(Header::Request(name))) if plain(name) => {
            names.push((format!("http.request.header.{name}"), Convert::Array));
        }
        (Schema::Otel, Origin::Header(Header::Response(name))) if plain(name) => {
            names.push((format!("http.response.header.{name}"), Convert::Array));
        }
        _ => {}
    }
    names.push(match schema {
        Schema::Otel => (format!("{server}.{}", column.name), Convert::AsIs),
        _ => (format!("{server}.access.{}", column.name), Convert::AsIs),
    });
    names
}

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
    /// `"name":{`, written only when a leaf in `leaves` is there; else the steps up to
    /// `after` are skipped.
    Open { key: Box<[u8]>, leaves: std::ops::Range<usize>, after: usize },
    /// `"name":value`: the last part of the leaf's name.
    Leaf { key: Box<[u8]>, leaf: usize },
    /// `}`
    Close,
}

/// A compiled profile: the leaves and how they nest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    schema: Schema,
    /// The writer's keys, in its columns' order (the kept line's keys included).
    keys: Vec<Box<[u8]>>,
    leaves: Vec<Leaf>,
    steps: Vec<Step>,
}

/// The JSON text of one member's value, in the writer's object: `(start, end)`.
type Span = (usize, usize);
const ABSENT: Span = (usize::MAX, usize::MAX);

/// The buffers a rewrite reuses from line to line: the writer's object, and where each
/// of its values is.
#[derive(Debug, Default)]
pub struct Buffers {
    object: Vec<u8>,
    spans: Vec<Span>,
}

impl Profile {
    /// The profile `schema` gives `format`'s columns; `None` for `firelog`, whose keys
    /// are the writer's own.
    pub fn compile(schema: Schema, format: &Format, enrichment: &Enrichment) -> Option<Profile> {
        if schema == Schema::Firelog {
            return None;
        }
        let server = format.server();
        let columns = columns(format, &enrichment.columns(), true);
        let pick = |ecs: &'static str, otel: &'static str| if schema == Schema::Ecs { ecs } else { otel };
        // Enrichment's names come first: the format's fields take others.
        let claimed: Vec<&str> = columns
            .iter()
            .filter(|c| c.origin == Origin::Enrichment)
            .filter_map(|c| ENRICHED.iter().find(|(k, ..)| *k == c.name))
            .map(|(_, ecs, otel, _)| pick(ecs, otel))
            .filter(|name| !name.is_empty())
            .collect();
        let mut leaves: Vec<Leaf> = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let leaf = |name: &str, convert: Convert| {
                let ty = match convert {
                    Convert::Nanos(_) => ColumnType::BigInt,
                    Convert::Array => ColumnType::Strings,
                    Convert::Bot => ColumnType::String,
                    _ => column.ty,
                };
                Leaf { name: name.to_string(), column: i, convert, ty, when: column.when }
            };
            let mut wanted: Vec<Leaf> = Vec::new();
            match &column.origin {
                Origin::Enrichment => {
                    if let Some((_, ecs, otel, convert)) = ENRICHED.iter().find(|(k, ..)| *k == column.name) {
                        let convert = if schema == Schema::Ecs { Convert::AsIs } else { *convert };
                        wanted.push(leaf(pick(ecs, otel), convert));
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
                        wanted.push(leaf(pick(ecs, otel), Convert::AsIs));
                    }
                }
                Origin::Header(Header::Response(_)) => {}
                Origin::Field => {
                    if let Some((_, ecs, otel, convert)) = NAMES.iter().find(|(k, ..)| *k == column.name) {
                        // Arrays are OTel's: ECS keeps a string a string.
                        let convert = if schema == Schema::Ecs && *convert == Convert::Array {
                            Convert::AsIs
                        } else {
                            *convert
                        };
                        wanted.push(leaf(&pick(ecs, otel).replace("{server}", server.name()), convert));
                    } else if let Some((_, power)) = DURATIONS.iter().find(|(k, _)| *k == column.name)
                        && matches!(column.ty, ColumnType::Int | ColumnType::BigInt | ColumnType::Double)
                    {
                        wanted.push(leaf(pick("event.duration", ""), Convert::Nanos(*power)));
                    }
                }
            }
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
                    .map(|(name, how)| leaf(&name, how))
                    .collect();
                // The last is taken only by a well-known name (a header `Identity` beside `%l`
                // in ECS): then it takes `_2`, `_3`, ...
                let last = names.last().cloned().expect("a fallback");
                let numbered = (2..).map(|n| leaf(&format!("{}_{n}", last.name), last.convert));
                wanted = names.into_iter().chain(numbered).filter(|l| !taken(l)).take(1).collect();
            }
            leaves.extend(wanted);
        }
        let keys = columns.iter().map(|c| format!("\"{}\":", c.name).into_bytes().into()).collect();
        let steps = if schema == Schema::Ecs { nest(&mut leaves) } else { flat(&leaves) };
        Some(Profile { schema, keys, leaves, steps })
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

    /// The profile.
    pub fn schema(&self) -> Schema {
        self.schema
    }

    /// Writes again, under the profile's names, the object the writer appended to `out`
    /// from `start` (with its `\n`).
    pub fn rewrite(&self, out: &mut Vec<u8>, start: usize, buffers: &mut Buffers) {
        let Buffers { object: scratch, spans } = buffers;
        scratch.clear();
        scratch.extend_from_slice(&out[start..]);
        out.truncate(start);
        // The profile's keys and a target's parts written again: room for them up front.
        out.reserve(2 * scratch.len() + 256);
        self.read_members(scratch, spans);
        let mut first = [true; 8];
        let mut depth = 0;
        out.push(b'{');
        let mut i = 0;
        while i < self.steps.len() {
            match &self.steps[i] {
                Step::Open { key, leaves, after } => {
                    if !leaves.clone().any(|l| spans[self.leaves[l].column] != ABSENT) {
                        i = *after;
                        continue;
                    }
                    comma(out, &mut first[depth]);
                    out.extend_from_slice(key);
                    depth += 1;
                    first[depth] = true;
                }
                Step::Leaf { key, leaf } => {
                    let leaf = &self.leaves[*leaf];
                    let span = spans[leaf.column];
                    if span != ABSENT {
                        comma(out, &mut first[depth]);
                        out.extend_from_slice(key);
                        convert(out, &scratch[span.0..span.1], leaf.convert);
                    }
                }
                Step::Close => {
                    out.push(b'}');
                    depth -= 1;
                }
            }
            i += 1;
        }
        out.extend_from_slice(b"}\n");
    }

    /// The span of each column's value in the writer's object `object`, [`ABSENT`] where
    /// the object has no such key. The object is the writer's: its keys are the
    /// columns', in their order, each value a string, a number or null.
    fn read_members(&self, object: &[u8], spans: &mut Vec<Span>) {
        spans.clear();
        spans.resize(self.keys.len(), ABSENT);
        let mut next = 0;
        let mut i = 1; // past `{`
        while i < object.len() && object[i] != b'}' {
            // The next key is the next column's, but for a kept line's: its log group and
            // stream come after its own two keys.
            let mut order = (next..self.keys.len()).chain(0..next);
            let Some(k) = order.find(|&k| object[i..].starts_with(&self.keys[k])) else {
                return;
            };
            i += self.keys[k].len();
            let value_start = i;
            if object.get(i) == Some(&b'"') {
                // To the closing quote: the next `"` not escaped by a `\`.
                i += 1;
                while let Some(at) = memchr::memchr2(b'"', b'\\', &object[i.min(object.len())..]) {
                    i += at;
                    if object[i] == b'"' {
                        break;
                    }
                    i += 2;
                }
                i += 1;
            } else {
                while i < object.len() && object[i] != b',' && object[i] != b'}' {
                    i += 1;
                }
            }
            spans[k] = (value_start, i.min(object.len()));
            next = k + 1;
            if object.get(i) == Some(&b',') {
                i += 1;
            }
        }
    }
}

/// A comma before every member but an object's first.
fn comma(out: &mut Vec<u8>, first: &mut bool) {
    if !std::mem::take(first) {
        out.push(b',');
    }
}

/// `"name":`
fn key(name: &str) -> Box<[u8]> {
    format!("\"{name}\":").into_bytes().into()
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
                    let key = format!("\"{}\":{{", child.part).into_bytes().into();
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

/// Writes `value` (JSON text: a string, a number or null) converted.
fn convert(out: &mut Vec<u8>, value: &[u8], how: Convert) {
    let text = value.strip_prefix(b"\"").and_then(|v| v.strip_suffix(b"\""));
    match (how, text) {
        (Convert::Version, Some(v)) => match v.strip_prefix(b"HTTP/") {
            Some(version) => quoted(out, version),
            None => out.extend_from_slice(value),
        },
        (Convert::TargetPath, Some(v)) => match memchr::memchr(b'?', v) {
            Some(q) => quoted(out, &v[..q]),
            None => out.extend_from_slice(value),
        },
        (Convert::TargetQuery, Some(v)) => match memchr::memchr(b'?', v) {
            Some(q) if q + 1 < v.len() => quoted(out, &v[q + 1..]),
            _ => out.extend_from_slice(b"null"),
        },
        (Convert::TargetQuery, None) => out.extend_from_slice(b"null"),
        (Convert::Array, Some(_)) => {
            out.push(b'[');
            out.extend_from_slice(value);
            out.push(b']');
        }
        (Convert::Bot, _) => out.extend_from_slice(if value == b"true" { b"\"bot\"" } else { b"null" }),
        (Convert::Nanos(power), None) if value != b"null" => match nanos(value, power) {
            Some(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
            None => out.extend_from_slice(b"null"),
        },
        _ => out.extend_from_slice(value),
    }
}

/// `"text"`
fn quoted(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(text);
    out.push(b'"');
}

/// A JSON number's digits (`0.034`) times 10^`power`, when that is whole and fits.
fn nanos(number: &[u8], power: u8) -> Option<i64> {
    let (whole, fraction) = match number.iter().position(|&b| b == b'.') {
        Some(dot) => (&number[..dot], &number[dot + 1..]),
        None => (number, &b""[..]),
    };
    let power = usize::from(power);
    if fraction.len() > power || whole.is_empty() || !whole.iter().chain(fraction).all(u8::is_ascii_digit) {
        return None;
    }
    let mut digits = whole.iter().chain(fraction).map(|d| i64::from(d - b'0'));
    let value = digits.try_fold(0i64, |n, d| n.checked_mul(10)?.checked_add(d))?;
    value.checked_mul(10i64.checked_pow(u32::try_from(power - fraction.len()).ok()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_to_nanoseconds() {
        let table: &[(&[u8], u8, Option<i64>)] = &[
            (b"0.034", 9, Some(34_000_000)),
            (b"12", 9, Some(12_000_000_000)),
            (b"1.5", 9, Some(1_500_000_000)),
            (b"2500", 3, Some(2_500_000)),
            (b"0.0000000001", 9, None),
            (b"9223372036854775807", 3, None),
            (b"-1", 3, None),
            (b".5", 9, None),
        ];
        for (number, power, want) in table {
            assert_eq!(nanos(number, *power), *want, "{}", String::from_utf8_lossy(number));
        }
    }

    #[test]
    fn conversions_of_written_values() {
        let table: &[(&str, Convert, &str)] = &[
            (r#""HTTP/1.1""#, Convert::Version, r#""1.1""#),
            (r#""HTTP/2.0""#, Convert::Version, r#""2.0""#),
            (r#""SPDY/3""#, Convert::Version, r#""SPDY/3""#),
            ("null", Convert::Version, "null"),
            (r#""/a/b?x=1&y""#, Convert::TargetPath, r#""/a/b""#),
            (r#""/a/b?x=1&y""#, Convert::TargetQuery, r#""x=1&y""#),
            (r#""/a?""#, Convert::TargetQuery, "null"),
            (r#""/a""#, Convert::TargetPath, r#""/a""#),
            (r#""/a""#, Convert::TargetQuery, "null"),
            ("null", Convert::TargetQuery, "null"),
            (r#""a \"b\"""#, Convert::Array, r#"["a \"b\""]"#),
            ("null", Convert::Array, "null"),
            ("0.034", Convert::Nanos(9), "34000000"),
            ("null", Convert::Nanos(9), "null"),
        ];
        for (value, how, want) in table {
            let mut out = Vec::new();
            convert(&mut out, value.as_bytes(), *how);
            assert_eq!(String::from_utf8(out).unwrap(), *want, "{value} {how:?}");
        }
    }
}
