//! The words of the output, at the bottom of the library: the keys the writer writes
//! (each with its bytes, made from one list), a column's type, when an object has it and
//! where its value comes from. The format readers reserve the writer's own keys with
//! these, enrichment and the profiles name their columns with them, and the writer
//! ([`crate::output`]) writes them; this module writes no value.

use crate::access_log::plan::{Header, Kind};

/// The keys a request line (`%r`, `$request`) is written under, in order: its method,
/// its target, its protocol, and the line as logged.
pub const REQUEST_KEYS: [&str; 4] = ["method", "path", "protocol", "request"];

/// The key of a request line's target (`/a?b=1`).
pub(crate) const TARGET_KEY: &str = REQUEST_KEYS[1];

/// The key a request line's slot is written under first.
pub const METHOD_KEY: &str = REQUEST_KEYS[0];

/// The bytes of [`REQUEST_KEYS`] after the first, as the writer writes them after the
/// method's value (`tests::request_keys_bytes_are_the_keys` holds them to the keys).
pub(crate) const REQUEST_KEY_BYTES: [&[u8]; 4] = [b"", b",\"path\":", b",\"protocol\":", b",\"request\":"];

/// A key as an object holds it: `"key":`, after a comma unless it is the first. A
/// format's matcher keeps its keys so, made once when the format compiles.
pub fn key_bytes(key: &str, first: bool) -> Box<[u8]> {
    let comma = if first { "" } else { "," };
    format!("{comma}\"{key}\":").into_bytes().into()
}

/// A key's bytes as the writer writes them ([`key_bytes`]), also kept in a block of
/// fixed size: the writer copies the whole block and cuts the object back to the key's
/// end. A copy of known length is a few moves; one of a length known only at run time
/// calls memcpy, and a combined line writes a dozen keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    block: [u8; Key::BLOCK],
    bytes: Box<[u8]>,
}

impl Key {
    /// Longer keys (a header's, rarely) are copied as they are.
    const BLOCK: usize = 32;

    /// The key `bytes` ([`key_bytes`]).
    pub fn new(bytes: Box<[u8]>) -> Key {
        let mut block = [0; Key::BLOCK];
        if let Some(head) = block.get_mut(..bytes.len()) {
            head.copy_from_slice(&bytes);
        }
        Key { block, bytes }
    }

    /// Appends the key.
    #[inline(always)]
    pub fn write(&self, out: &mut Vec<u8>) {
        let len = self.bytes.len();
        if len <= Key::BLOCK {
            let end = out.len() + len;
            out.extend_from_slice(&self.block);
            out.truncate(end);
        } else {
            out.extend_from_slice(&self.bytes);
        }
    }
}

impl std::ops::Deref for Key {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

/// The key of the text a forgiving format keeps after its last field.
pub const EXTRA_KEY: &str = "extra";

/// The keys of a CloudWatch Logs line's log group and log stream, last in its object.
pub const SOURCE_KEYS: [&str; 2] = ["log_group", "log_stream"];

/// The key of a shipper's envelope fields ([`crate::shipper`]), after the CloudWatch Logs
/// keys.
pub const ENVELOPE_KEY: &str = crate::shipper::KEY;

/// The keys the writer adds to a format's own: no field of a format is given one.
pub const WRITER_KEYS: [&str; 6] =
    [EXTRA_KEY, SOURCE_KEYS[0], SOURCE_KEYS[1], ENVELOPE_KEY, UNPARSED_KEYS[0], UNPARSED_KEYS[1]];

/// `,"name":`
pub(crate) fn write_key(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// The type of a column's values, as the writer writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A JSON string.
    String,
    /// A JSON integer that fits 32 bits (a status, a port).
    Int,
    /// A JSON integer (64-bit).
    BigInt,
    /// A JSON number with a fraction (`0.034`).
    Double,
    /// An RFC 3339 UTC string (`2000-10-10T20:55:36Z`, with the fraction the log had).
    Timestamp,
    /// An array of strings (a profile's header attribute: `["a"]`).
    Strings,
    /// `true` or `false` (`ua_bot`).
    Boolean,
    /// An object of strings (a shipper's envelope fields: `{"ecs_cluster":"prod"}`),
    /// Glue's `map<string,string>`.
    Map,
}

impl ColumnType {
    /// The type's name in messages: Glue's, as a parquet table names it.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Int => "int",
            ColumnType::BigInt => "bigint",
            ColumnType::Double => "double",
            ColumnType::Timestamp => "timestamp",
            ColumnType::Strings => "array<string>",
            ColumnType::Map => "map<string,string>",
            ColumnType::Boolean => "boolean",
        }
    }

    /// The type the writer writes a field of `kind` as; `None` for a request line (`%r`),
    /// which is written as the four string keys of [`REQUEST_KEYS`].
    pub(crate) fn of_kind(kind: &Kind) -> Option<ColumnType> {
        Some(match kind {
            Kind::Status => ColumnType::Int,
            Kind::Integer { .. } | Kind::Padded => ColumnType::BigInt,
            Kind::Decimal | Kind::Timing => ColumnType::Double,
            Kind::Time(_) => ColumnType::Timestamp,
            Kind::Request | Kind::UrlRequest => return None,
            Kind::Host
            | Kind::Connection
            | Kind::Name
            | Kind::Dash
            | Kind::IsArgs
            | Kind::Captured { .. }
            | Kind::Text
            | Kind::Record
            | Kind::List
            | Kind::UrlPath
            | Kind::Query
            | Kind::Route
            | Kind::Endpoint { .. }
            | Kind::TimeText(_) => ColumnType::String,
        })
    }
}

/// When a column's key is in an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// On every parsed line's object.
    Always,
    /// Only when the line has text after the format's last field (`extra`).
    Extra,
    /// Only on lines from CloudWatch Logs.
    CloudWatch,
    /// Only on a line that did not parse, kept with `ON_BAD_LINE=keep`.
    Unparsed,
    /// Only on a parsed line that came in a shipper's envelope ([`crate::shipper`]).
    Envelope,
}

/// What a column's value is, where its key alone does not say (a profile's names
/// follow it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A field, known by its key.
    Field,
    /// The request target from the request line (`%r`): the path with the query.
    Target,
    /// A header, by its name.
    Header(Header),
    /// A key enrichment adds ([`crate::enrich`]).
    Enrichment,
}

/// A key the writer writes and the type of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The key.
    pub name: String,
    /// The type of its values (any may also be null).
    pub ty: ColumnType,
    /// When an object has it.
    pub when: When,
    /// What its value is.
    pub origin: Origin,
}

/// The column of a shipper's envelope fields: the per-line path writes it after the
/// writer's object, so it follows the CloudWatch Logs keys.
pub fn envelope_column() -> Column {
    Column {
        name: ENVELOPE_KEY.to_string(),
        ty: ColumnType::Map,
        when: When::Envelope,
        origin: Origin::Field,
    }
}

/// The keys of a line that did not parse, kept under `ON_BAD_LINE=keep`.
pub const UNPARSED_KEYS: [&str; 2] = ["unparsed_line", "parse_error"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_writes_its_bytes_whatever_its_length() {
        for name in ["a", "user_agent", "request_header_x_forwarded_for", &"k".repeat(40)] {
            let bytes = key_bytes(name, false);
            let mut out = b"{".to_vec();
            Key::new(bytes.clone()).write(&mut out);
            assert_eq!(out[1..], *bytes);
        }
    }

    #[test]
    fn request_keys_bytes_are_the_keys() {
        for (key, bytes) in REQUEST_KEYS.iter().zip(REQUEST_KEY_BYTES).skip(1) {
            assert_eq!(bytes, &*key_bytes(key, false));
        }
    }
}
