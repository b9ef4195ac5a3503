//! Shippers' envelopes: a log line sent inside a JSON object, with the shipper's fields
//! beside it.
//!
//! The shapes, from their documentation:
//!
//! - **Fluent Bit's `kinesis_firehose` output, and ECS FireLens** (which runs Fluent Bit
//!   or Fluentd) send the whole record unless `log_key` is set:
//!   `{"log":"...","container_id":"...","container_name":"...","ecs_cluster":"...",
//!   "ecs_task_arn":"...","ecs_task_definition":"...","source":"stdout"}`; FireLens adds
//!   the `ecs_*` fields (and `ec2_instance_id` on EC2) unless `enable-ecs-log-metadata`
//!   is `false`.
//! - **Docker's `json-file` driver** writes `{"log":"...\n","stream":"stdout",
//!   "time":"2019-01-01T11:11:11.111111111Z"}`: the line keeps its newline.
//! - **Vector** and the **CloudWatch agent**'s JSON put the line under `message`.
//! - A **container runtime**'s line (the CRI log format, [`crate::cri`]), tailed from a
//!   Kubernetes node without a shipper's `cri` parser, starts with the runtime's time,
//!   stream and tag: `2023-10-06T00:17:09.669794202Z stdout F <line>`, alone or inside `log`.
//!
//! [`read`] says whether a line is such an envelope: a JSON object with a string member
//! `log` (or, when there is none, `message`). The line inside is unescaped into a reused
//! buffer, its trailing `\n` or `\r\n` dropped, and read as any line is. The other
//! top-level members whose values are scalars (strings, numbers, `true`, `false`,
//! `null`) are the envelope's **fields**; nested objects and arrays are left out. A CRI
//! prefix (the line's own, or that of the line inside) is cut off, and its three words are
//! fields after the others ([`crate::cri::KEYS`]: `time`, `stream`, `logtag`), in place of
//! any of the object's of the same name.
//!
//! How the fields are written (the writer's contract): under one key, [`KEY`]
//! (`envelope`), an object of the fields in their order, every value a JSON string
//! (a number or a boolean as its text, `null` as `null`), or `null` when there are none.
//! So one Glue column of type `map<string,string>` holds any shipper's fields, and
//! `envelope['ecs_cluster']` is queried the same whichever shipper sent the line. A key
//! given twice keeps its last value, where it last stood (keys compared as written).
//!
//! [`read`]: crate::shipper::read
//! [`KEY`]: crate::shipper::KEY

use crate::cri::{self, Prefix};
use crate::json_object::{self, Kind, Value};

/// The key the writer writes the envelope's fields under.
pub const KEY: &str = "envelope";

/// Which member held the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKey {
    /// `log`: Fluent Bit, FireLens, Docker's `json-file`.
    Log,
    /// `message`: Vector, the CloudWatch agent.
    Message,
    /// No member: a container runtime's line, after its CRI prefix.
    Cri,
}

/// One of the envelope's fields: its key (a string span) and its scalar value, in the
/// record's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key: a [`Kind::String`] span of the record.
    pub key: Value,
    /// The value: a string, number, `true`, `false` or `null` span of the record.
    pub value: Value,
}

/// Buffers reused from record to record, so that reading an envelope allocates nothing
/// once they have grown.
#[derive(Debug, Default)]
pub struct Buffers {
    line: Vec<u8>,
    fields: Vec<Field>,
    /// Indices into `fields`, sorted by key, to find a key given twice in n log n.
    order: Vec<usize>,
}

/// A line's envelope: the line inside, and the shipper's fields.
#[derive(Debug, Clone, Copy)]
pub struct Envelope<'a> {
    /// The record as it came (the fields' spans are into it).
    pub record: &'a [u8],
    /// The line inside, unescaped, without its trailing newline.
    pub line: &'a [u8],
    /// Which member held it.
    pub key: LogKey,
    /// The other top-level scalar members, in their order.
    pub fields: &'a [Field],
    /// The CRI prefix the line came after, if it had one.
    pub cri: Option<Prefix<'a>>,
}

impl Envelope<'_> {
    /// Whether the line is a piece of a longer one (a CRI prefix's `P`): never read as a
    /// line of its own.
    pub fn partial(&self) -> bool {
        self.cri.is_some_and(|p| p.partial())
    }
}

/// Whether `record` is an envelope, and if so its line and fields. `None` at once when
/// its first byte after whitespace is neither `{` nor the digit a CRI prefix starts with,
/// and for any line that is not a JSON object with a string `log` or `message` or a CRI
/// prefix and its line.
///
/// ```
/// use firelog::shipper::{read, Buffers, LogKey};
///
/// let record = br#"{"log":"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}"#;
/// let mut buffers = Buffers::default();
/// let envelope = read(record, &mut buffers).expect("an envelope");
/// assert_eq!(envelope.line, br#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5"#);
/// assert_eq!(envelope.key, LogKey::Log);
/// let mut out = Vec::new();
/// envelope.write_fields(&mut out);
/// assert_eq!(out, br#"{"stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}"#);
/// ```
pub fn read<'a>(record: &'a [u8], buffers: &'a mut Buffers) -> Option<Envelope<'a>> {
    let first = record.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))?;
    if *first != b'{' {
        let prefix = cri::split(record)?;
        return Some(Envelope {
            record,
            line: prefix.line,
            key: LogKey::Cri,
            fields: &[],
            cri: Some(prefix),
        });
    }
    let Buffers { line, fields, order } = buffers;
    fields.clear();
    let (mut log, mut message) = (None, None);
    json_object::members(record, |key, value| {
        // The last `log` (or `message`) decides, as the last of any key does.
        let string = matches!(value.kind, Kind::String { .. }).then_some(key.start);
        if key.text_is(record, b"log") {
            log = string;
        } else if key.text_is(record, b"message") {
            message = string;
        }
        fields.push(Field { key, value });
    })
    .ok()?;
    let (at, which) = match (log, message) {
        (Some(at), _) => (at, LogKey::Log),
        (None, Some(at)) => (at, LogKey::Message),
        (None, None) => return None,
    };
    keep_last(record, fields, order);
    fields.retain(|f| !matches!(f.value.kind, Kind::Object | Kind::Array));
    let chosen = fields.iter().position(|f| f.key.start == at)?;
    let inner = fields.remove(chosen).value;
    line.clear();
    inner.unescape_into(record, line);
    let cut = if line.ends_with(b"\r\n") { 2 } else { usize::from(line.ends_with(b"\n")) };
    line.truncate(line.len() - cut);
    if cri::split(line).is_some() {
        // The prefix's words are the fields of these names.
        fields.retain(|f| !cri::KEYS.iter().any(|k| f.key.text_is(record, k.as_bytes())));
    }
    let (line, fields): (&'a Vec<u8>, &'a Vec<Field>) = (line, fields);
    let prefix = cri::split(line);
    let line = prefix.map_or(&line[..], |p| p.line);
    Some(Envelope { record, line, key: which, fields, cri: prefix })
}

/// Drops each field whose key comes again later (compared as written): the last wins.
fn keep_last(record: &[u8], fields: &mut Vec<Field>, order: &mut Vec<usize>) {
    if fields.len() < 2 {
        return;
    }
    order.clear();
    order.extend(0..fields.len());
    order.sort_unstable_by(|&a, &b| {
        fields[a].key.bytes(record).cmp(fields[b].key.bytes(record)).then(a.cmp(&b))
    });
    let mut dropped = false;
    for pair in order.windows(2) {
        if fields[pair[0]].key.bytes(record) == fields[pair[1]].key.bytes(record) {
            // Marked to be dropped: no key read from a line is absent.
            fields[pair[0]].key.kind = Kind::Absent;
            dropped = true;
        }
    }
    if dropped {
        fields.retain(|f| f.key.kind != Kind::Absent);
    }
}

impl Envelope<'_> {
    /// Appends the fields as the value of [`KEY`]: `{"container_id":"...",...}`, every
    /// value a string (`null` stays `null`), or `null` when there are none.
    pub fn write_fields(&self, out: &mut Vec<u8>) {
        write_fields(out, self.record, self.fields, self.cri.as_ref());
    }
}

/// Appends `fields` of `record`, then the words of a CRI prefix, as one object of
/// strings, or `null` when there are none (see [`Envelope::write_fields`]). Nothing is
/// allocated but `out`'s growth.
pub fn write_fields(out: &mut Vec<u8>, record: &[u8], fields: &[Field], cri: Option<&Prefix<'_>>) {
    if fields.is_empty() && cri.is_none() {
        out.extend_from_slice(b"null");
        return;
    }
    out.push(b'{');
    for (n, field) in fields.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.push(b'"');
        field.key.write_str_body(record, out);
        out.extend_from_slice(b"\":");
        if field.value.kind == Kind::Null {
            out.extend_from_slice(b"null");
        } else {
            out.push(b'"');
            field.value.write_str_body(record, out);
            out.push(b'"');
        }
    }
    for (n, (key, value)) in cri.into_iter().flat_map(|p| cri::KEYS.iter().zip(p.values())).enumerate() {
        if n > 0 || !fields.is_empty() {
            out.push(b',');
        }
        // The prefix's words are ASCII without quotes or backslashes (`cri::split`).
        for part in [b"\"", key.as_bytes(), b"\":\"", value, b"\""] {
            out.extend_from_slice(part);
        }
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line inside, which member held it, and the fields as written; `None` for no
    /// envelope.
    type Opened = Option<(String, LogKey, String)>;

    fn open(record: &[u8]) -> Opened {
        let mut buffers = Buffers::default();
        let envelope = read(record, &mut buffers)?;
        let mut out = Vec::new();
        envelope.write_fields(&mut out);
        serde_json::from_slice::<serde_json::Value>(&out).expect("fields are JSON");
        Some((
            String::from_utf8_lossy(envelope.line).into_owned(),
            envelope.key,
            String::from_utf8(out).unwrap(),
        ))
    }

    const COMBINED: &str = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#;
    const NGINX: &str =
        r#"203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/1.1" 200 512 "-" "curl/8.5.0""#;

    #[test]
    fn documentation_envelopes() {
        let lines: Vec<&[u8]> =
            include_bytes!("../testdata/json/envelopes.jsonl").split(|&b| b == b'\n').collect();
        assert_eq!(
            open(lines[0]),
            Some((
                COMBINED.to_string(),
                LogKey::Log,
                r#"{"container_id":"5f6a8b2c9d1e","container_name":"/ecs-web-1-app-8ad5e6c7","ecs_cluster":"web","ecs_task_arn":"arn:aws:ecs:us-east-1:123456789012:task/web/0a1b2c3d4e5f67890a1b2c3d4e5f6789","ecs_task_definition":"web:7","source":"stdout"}"#.to_string()
            ))
        );
        assert_eq!(
            open(lines[1]),
            Some((
                NGINX.to_string(),
                LogKey::Log,
                r#"{"stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}"#.to_string()
            ))
        );
        assert_eq!(
            open(lines[2]),
            Some((
                NGINX.to_string(),
                LogKey::Message,
                r#"{"host":"web-1","source_type":"file","file":"/var/log/nginx/access.log","timestamp":"2024-01-15T10:30:00.123456Z"}"#.to_string()
            ))
        );
    }

    #[test]
    fn edge_envelopes() {
        let some = |line: &str, key, fields: &str| Some((line.to_string(), key, fields.to_string()));
        let cases: &[(&[u8], Opened)] = &[
            (br#"{"log":"x"}"#, some("x", LogKey::Log, "null")),
            (b" \t{\"log\":\"x\\r\\n\"}\n", some("x", LogKey::Log, "null")),
            (br#"{"log":"x\n\n"}"#, some("x\n", LogKey::Log, "null")),
            (br#"{"log":""}"#, some("", LogKey::Log, "null")),
            // `log` wins over `message`, which stays a field.
            (br#"{"message":"m","log":"l"}"#, some("l", LogKey::Log, r#"{"message":"m"}"#)),
            // Scalars as strings, null as null; nested values left out.
            (
                br#"{"log":"l","n":12,"t":true,"f":false,"z":null,"o":{"a":1},"a":[1]}"#,
                some("l", LogKey::Log, r#"{"n":"12","t":"true","f":"false","z":null}"#),
            ),
            // Escapes in the line are undone; in the fields, kept (they are JSON).
            (
                br#"{"log":"say \"hi\" caf\u00e9 \ud83d\ude00 a\/b","k\u00e9y":"v\"\\"}"#,
                some("say \"hi\" café 😀 a/b", LogKey::Log, r#"{"k\u00e9y":"v\"\\"}"#),
            ),
            // A key given twice: the last value, where it last stood.
            (br#"{"a":"1","log":"l","b":"2","a":"3"}"#, some("l", LogKey::Log, r#"{"b":"2","a":"3"}"#)),
            (br#"{"log":"first","log":"last"}"#, some("last", LogKey::Log, "null")),
            // The last `log` is not a string: `message` holds the line.
            (br#"{"log":"a","message":"m","log":{"x":1}}"#, some("m", LogKey::Message, "null")),
            (br#"{"\u006cog":"escaped key"}"#, some("escaped key", LogKey::Log, "null")),
            // Not envelopes.
            (b"", None),
            (br#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5"#, None),
            (br#"{"msg":"handled request","status":200}"#, None),
            (br#"{"log":5}"#, None),
            (br#"{"log":{"nested":"x"}}"#, None),
            (br#"{"log":"x""#, None),
            (br#"{"log":"x"} trailing"#, None),
            (br#"["log","x"]"#, None),
            (b"{\"log\":\"x\xff\"}", some("x\u{fffd}", LogKey::Log, "null")),
        ];
        for (record, want) in cases {
            assert_eq!(open(record), *want, "{}", String::from_utf8_lossy(record));
        }
    }

    #[test]
    fn buffers_are_reused() {
        let mut buffers = Buffers::default();
        let big = format!(r#"{{"log":"{}","a":"1","b":"2","c":"3"}}"#, "x".repeat(1000));
        assert!(read(big.as_bytes(), &mut buffers).is_some());
        let (line, fields) = (buffers.line.capacity(), buffers.fields.capacity());
        let small = br#"{"log":"y","a":"1"}"#;
        assert_eq!(
            read(small, &mut buffers).map(|e| (e.line.to_vec(), e.fields.len())),
            Some((b"y".to_vec(), 1))
        );
        assert_eq!((buffers.line.capacity(), buffers.fields.capacity()), (line, fields));
    }
}
