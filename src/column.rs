//! The words of the output, at the bottom of the library: the keys the writer writes
//! (each with its bytes, made from one list), a column's type, when an object has it and
//! where its value comes from. The format readers reserve the writer's own keys with
//! these, enrichment and the profiles name their columns with them, and the writer
//! ([`crate::output`]) writes them; this module writes no value.

use crate::access_log::plan::Header;

/// One list gives [`KEYS`] and each key's bytes as the writer writes it: `{"host":` (the
/// object's opening and first key), then `,"ident":` and so on, as literals.
macro_rules! keys {
    ($first:ident = $first_key:literal, $($name:ident = $key:literal),* $(,)?) => {
        /// The keys of a scanned entry's object, in order: the schema of `combined`,
        /// `common` and nginx's `combined`. The writer writes these keys' bytes, made from
        /// the same list, so the schema (`firelog schema`, the template's Glue table, the
        /// docs) and the output cannot differ.
        pub const KEYS: [&str; 1 + [$($key),*].len()] = [$first_key, $($key),*];
        pub(crate) const $first: &[u8] = concat!("{\"", $first_key, "\":").as_bytes();
        // `timestamp`'s and `method`'s are written joined to the time's quotes.
        $(#[allow(dead_code)] pub(crate) const $name: &[u8] = concat!(",\"", $key, "\":").as_bytes();)*
    };
}

keys!(
    HOST = "host",
    IDENT = "ident",
    USER = "user",
    TIMESTAMP = "timestamp",
    METHOD = "method",
    PATH = "path",
    PROTOCOL = "protocol",
    REQUEST = "request",
    STATUS = "status",
    BYTES = "bytes",
    REFERER = "referer",
    USER_AGENT = "user_agent",
);

/// Where `method` is in [`KEYS`]: `%r` writes `method`, `path`, `protocol` and `request`.
pub(crate) const METHOD_AT: usize = 4;

/// The key of a request line's target (`/a?b=1`).
pub(crate) const TARGET_KEY: &str = KEYS[METHOD_AT + 1];

/// The key a request line's slot is written under first.
pub const METHOD_KEY: &str = KEYS[METHOD_AT];

/// A key as an object holds it: `"key":`, after a comma unless it is the first. A
/// format's matcher keeps its keys so, made once when the format compiles.
pub fn key_bytes(key: &str, first: bool) -> Box<[u8]> {
    let comma = if first { "" } else { "," };
    format!("{comma}\"{key}\":").into_bytes().into()
}

/// The key of the text a forgiving format keeps after its last field.
pub const EXTRA_KEY: &str = "extra";

/// The keys of a CloudWatch Logs line's log group and log stream, last in its object.
pub const SOURCE_KEYS: [&str; 2] = ["log_group", "log_stream"];

/// The keys the writer adds to a format's own: no field of a format is given one.
pub const WRITER_KEYS: [&str; 5] =
    [EXTRA_KEY, SOURCE_KEYS[0], SOURCE_KEYS[1], UNPARSED_KEYS[0], UNPARSED_KEYS[1]];

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

/// The types of [`KEYS`]' values, in order.
pub(crate) const KEY_TYPES: [ColumnType; KEYS.len()] = {
    use ColumnType::*;
    [String, String, String, Timestamp, String, String, String, String, Int, BigInt, String, String]
};

/// The keys of a line that did not parse, kept under `ON_BAD_LINE=keep`.
pub const UNPARSED_KEYS: [&str; 2] = ["unparsed_line", "parse_error"];
