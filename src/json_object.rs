//! One JSON object line (Caddy's, Traefik's, Envoy's access logs; a shipper's envelope)
//! read by key paths in one pass, with nothing allocated and nothing copied.
//!
//! [`Paths`] is compiled once from the key paths a format reads: top-level keys
//! (`RequestMethod`, `request_User-Agent`, `start_time`) and dotted paths into nested
//! objects (`request.method`, `request.headers.User-Agent`). [`read`] walks a line once
//! and gives each path its [`Value`]: the span of the raw value in the line and its JSON
//! type; the writer copies or converts the bytes it needs.
//!
//! What this reader decides:
//!
//! - **Strict JSON** (RFC 8259): the line is one object and nothing but whitespace after
//!   it; every value is checked, the skipped ones too. A bad line is a [`JsonError`]
//!   naming the byte column and what was expected there. One exception, since logs are
//!   bytes (nginx's `escape=json` passes bytes over 0x7f as they are): a string may hold
//!   bytes that are not UTF-8, and says so ([`Kind::String`]'s `utf8`); the writer turns
//!   them into `\xhh` text as [`crate::json`] does for any log bytes. A `\u` escape must
//!   be a character: a lone surrogate is an error.
//! - **Nesting** is at most [`MAX_DEPTH`] containers, the line's object included: the
//!   limit serde_json has, so both agree on which lines are JSON.
//! - **A dot in a path** separates keys; `\.` is a dot inside a key and `\\` a backslash
//!   (`labels.app\.kubernetes\.io/name`). A key of the line is compared as the text it
//!   stands for, escapes undone, so `"\u006dethod"` is `method`.
//! - **Duplicate keys: the last wins**, as in most parsers (serde_json, Go's, Python's):
//!   a key seen again replaces its value, and the values of every path below it.
//! - **Linear time and no panic** on any bytes: each byte is looked at a bounded number
//!   of times (a key is compared with the paths of its object only, each at most once).
//! - **A template's lines** (a `LOG_FORMAT` shaped as a JSON object, which a server fills
//!   in as text) are read with what that server writes forgiven, and nothing more
//!   ([`Dialect`]): nginx writes an empty variable as nothing (`"status": ,`) and an
//!   unquoted list as it is (`"upstream": 10.0.0.1:80, 10.0.0.2:80,`); Apache and nginx's
//!   `escape=default` escape bytes as `\xhh`. A JSON log is read strictly.
//!
//! [`Paths`]: crate::json_object::Paths
//! [`read`]: crate::json_object::read
//! [`Value`]: crate::json_object::Value
//! [`JsonError`]: crate::json_object::JsonError
//! [`Kind::String`]: crate::json_object::Kind::String
//! [`MAX_DEPTH`]: crate::json_object::MAX_DEPTH
//! [`Dialect`]: crate::json_object::Dialect

use std::fmt;

use crate::json::{Unescape, hex4, plain_run_end, unescape_json, unescape_json_with, write_str_body_as};

/// The most containers (objects and arrays) nested, the line's own object included.
///
/// serde_json's limit (its recursion budget of 128 fails on entering the 128th), so a
/// line this module reads is a line serde_json reads.
pub const MAX_DEPTH: usize = 127;

/// A value's JSON type, or that its path is not in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// The path is not in the line (or a key on its way holds no object).
    #[default]
    Absent,
    /// A string; its span is the body between the quotes, as written.
    String {
        /// Whether the body holds a backslash escape (so its bytes differ from its text).
        escaped: bool,
        /// Whether the body is UTF-8 (always, from a writer that follows RFC 8259).
        utf8: bool,
    },
    /// A number, as written (`-1.5e3`).
    Number,
    /// `true`.
    True,
    /// `false`.
    False,
    /// `null`.
    Null,
    /// An object, `{` to `}`.
    Object,
    /// An array, `[` to `]`.
    Array,
    /// Text outside quotes that is no JSON value, up to the next `,"`, `}` or `]`, white
    /// space around it left out: only in a template's lines ([`Dialect::Template`]).
    Bare,
}

/// What a line may hold beyond RFC 8259.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Strict JSON (a JSON log's lines, a shipper's envelope).
    #[default]
    Json,
    /// A template's lines, nginx's `escape=json`: where a value stands outside quotes,
    /// nothing is a `null` (nginx writes an empty variable as nothing) and text that is
    /// no JSON value, up to the next `,"`, `}` or `]`, is a [`Kind::Bare`] value (an
    /// upstream list written unquoted). Strings are JSON's.
    Template,
    /// [`Dialect::Template`], and a string's backslash escapes are the server's: a
    /// backslash escapes the byte after it, whatever it is (Apache's `\xhh` and `\"`,
    /// nginx's `escape=default` `\x22`); the writer undoes them as the server's.
    TemplateEscapes,
}

/// Where a path's value is in the line, and its type. `start..end` is a byte range of
/// the line (the body only, for a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Value {
    /// The value's type.
    pub kind: Kind,
    /// The first byte of the value (of the body, for a string).
    pub start: usize,
    /// One past the value's last byte (of the body, for a string).
    pub end: usize,
}

impl Value {
    /// The value's raw bytes in `line` (empty when absent).
    pub fn bytes<'a>(&self, line: &'a [u8]) -> &'a [u8] {
        line.get(self.start..self.end).unwrap_or_default()
    }

    /// Whether the path is in the line.
    pub fn is_present(&self) -> bool {
        self.kind != Kind::Absent
    }

    /// Whether the value is a string whose body can be copied into JSON as it is: no
    /// escapes, UTF-8 (the reader has already refused quotes and control bytes).
    pub fn is_plain_string(&self) -> bool {
        self.kind == Kind::String { escaped: false, utf8: true }
    }

    /// Writes the value as the body of a JSON string (no quotes): a string's body as it
    /// is when it can be, else with its escapes kept and its other bytes made JSON
    /// ([`Unescape::JsonBody`]); any other value as its text (`200`, `true`), so a number
    /// can be written as a string.
    pub fn write_str_body(&self, line: &[u8], out: &mut Vec<u8>) {
        let raw = self.bytes(line);
        match self.kind {
            _ if self.is_plain_string() => out.extend_from_slice(raw),
            Kind::String { .. } => write_str_body_as(out, raw, Unescape::JsonBody),
            _ => write_str_body_as(out, raw, Unescape::None),
        }
    }

    /// Appends the bytes the value stands for to `out`: a string's body with its escapes
    /// undone (`2019\/01\/01` is `2019/01/01`), any other value's text as it is.
    pub fn unescape_into(&self, line: &[u8], out: &mut Vec<u8>) {
        match self.kind {
            Kind::String { escaped: true, .. } => unescape_json(self.bytes(line), out),
            _ => out.extend_from_slice(self.bytes(line)),
        }
    }

    /// An array's first element (Caddy logs each header as an array of its values:
    /// `"User-Agent":["curl/8.5.0"]`); absent for an empty array or any other value.
    pub fn first_element(&self, line: &[u8]) -> Value {
        if self.kind != Kind::Array || line.get(self.start) != Some(&b'[') {
            return Value::default();
        }
        let s = line.get(..self.end).unwrap_or_default();
        let mut reader = Reader { s, i: self.start + 1, dialect: Dialect::Json };
        reader.ws();
        if reader.peek() == Some(b']') {
            return Value::default();
        }
        reader.value(0).unwrap_or_default()
    }

    /// Whether the value (a key, say) stands for the text `want`, escapes undone.
    pub fn text_is(&self, line: &[u8], want: &[u8]) -> bool {
        let raw = self.bytes(line);
        match self.kind {
            Kind::String { escaped: true, .. } => {
                let mut rest = want;
                let mut same = true;
                unescape_json_with(raw, |piece| match rest.strip_prefix(piece) {
                    Some(after) if same => rest = after,
                    _ => same = false,
                });
                same && rest.is_empty()
            }
            _ => raw == want,
        }
    }
}

/// What the reader expected where a line stopped being JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// `{`: a line is one object.
    ObjectStart,
    /// A key (a string) or `}`.
    KeyOrObjectEnd,
    /// A key (a string) after `,`.
    Key,
    /// `:` after a key.
    Colon,
    /// A value.
    Value,
    /// A value or `]`.
    ValueOrArrayEnd,
    /// `,` or `}` after a member.
    CommaOrObjectEnd,
    /// `,` or `]` after an element.
    CommaOrArrayEnd,
    /// The string's closing quote: the line ended inside a string.
    StringEnd,
    /// A control byte (under 0x20) escaped, not raw, inside a string.
    EscapedControl,
    /// An escape: `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` or `\u` and four hex digits.
    Escape,
    /// Four hex digits after `\u`.
    Hex,
    /// A surrogate pair: `\uD800`-`\uDBFF` then `\uDC00`-`\uDFFF`.
    SurrogatePair,
    /// A digit in a number.
    Digit,
    /// `true`, `false` or `null`.
    Literal,
    /// Nothing but whitespace after the object.
    End,
    /// Fewer nested containers: more than [`MAX_DEPTH`].
    Shallower,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Expected {
    /// What was expected, in words.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ObjectStart => "'{' (a line is one JSON object)",
            Self::KeyOrObjectEnd => "a key or '}'",
            Self::Key => "a key after ','",
            Self::Colon => "':' after a key",
            Self::Value => "a value",
            Self::ValueOrArrayEnd => "a value or ']'",
            Self::CommaOrObjectEnd => "',' or '}'",
            Self::CommaOrArrayEnd => "',' or ']'",
            Self::StringEnd => "the string's closing '\"'",
            Self::EscapedControl => "a control byte escaped inside a string",
            Self::Escape => "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
            Self::Hex => "four hex digits after \\u",
            Self::SurrogatePair => "a surrogate pair (\\uD800-\\uDBFF then \\uDC00-\\uDFFF)",
            Self::Digit => "a digit",
            Self::Literal => "true, false or null",
            Self::End => "nothing after the object",
            Self::Shallower => "at most 127 nested objects and arrays",
        }
    }
}

/// Why a line is not a JSON object: where, and what was expected there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based byte column where the line stopped being JSON.
    pub column: u32,
    /// What would have been JSON there.
    pub expected: Expected,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a JSON object at column {}: expected {}", self.column, self.expected)
    }
}

impl std::error::Error for JsonError {}

/// Why a key path does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// A path with an empty key: `""`, `a..b`, `.a`, `a.`.
    EmptyKey(String),
    /// A backslash not before `.` or `\`.
    BadEscape(String),
    /// The same path twice.
    Duplicate(String),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyKey(p) => write!(f, "key path {p:?} has an empty key (keys are separated by '.')"),
            Self::BadEscape(p) => write!(f, "key path {p:?}: '\\' escapes only '.' and '\\'"),
            Self::Duplicate(p) => write!(f, "key path {p:?} is given twice"),
        }
    }
}

impl std::error::Error for PathError {}

/// One key of the tree of paths.
#[derive(Debug, Clone, Default)]
struct Node {
    /// The key's text (escapes of the path undone).
    key: Box<[u8]>,
    /// The index of the path that ends here, if one does.
    slot: Option<usize>,
    /// The keys below, by index into `Paths::nodes`.
    children: Vec<usize>,
    /// The slots of every path below, cleared when the key is seen again (last wins).
    below: Vec<usize>,
    /// A bit per [`key_hash`] of the keys below: most keys of a line are no path's, and
    /// one bit tells so without comparing them with each.
    hashes: [u64; 4],
}

/// One byte mixed from a key's length and its first and last bytes, for [`Node::hashes`].
#[inline]
fn key_hash(key: &[u8]) -> usize {
    let (first, last) = (key.first().copied().unwrap_or(0), key.last().copied().unwrap_or(0));
    (key.len().wrapping_mul(31) ^ usize::from(first).wrapping_mul(7) ^ usize::from(last)) & 0xff
}

/// Key paths compiled once into a tree: the keys of each object a line is read in.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `nodes[0]` is the line's object; the others are keys.
    nodes: Vec<Node>,
    len: usize,
    dialect: Dialect,
}

impl Paths {
    /// Compiles key paths; [`read`] fills `out[i]` with path `i`'s value.
    pub fn new<S: AsRef<str>>(paths: &[S]) -> Result<Paths, PathError> {
        let mut nodes = vec![Node::default()];
        for (slot, path) in paths.iter().enumerate() {
            let path = path.as_ref();
            let mut at = 0;
            for key in split_path(path)? {
                let found = nodes[at].children.iter().copied().find(|&c| *nodes[c].key == *key);
                at = match found {
                    Some(c) => c,
                    None => {
                        let h = key_hash(&key);
                        nodes[at].hashes[h / 64] |= 1 << (h % 64);
                        nodes.push(Node { key: key.into(), ..Node::default() });
                        let c = nodes.len() - 1;
                        nodes[at].children.push(c);
                        c
                    }
                };
            }
            if nodes[at].slot.replace(slot).is_some() {
                return Err(PathError::Duplicate(path.to_string()));
            }
        }
        // Each key's `below`: the slots of its descendants, for last-wins.
        for n in (1..nodes.len()).rev() {
            let below: Vec<usize> = nodes[n]
                .children
                .iter()
                .flat_map(|&c| nodes[c].slot.into_iter().chain(nodes[c].below.iter().copied()))
                .collect();
            nodes[n].below = below;
        }
        Ok(Paths { nodes, len: paths.len(), dialect: Dialect::Json })
    }

    /// The same paths, read in `dialect` ([`read`] forgives what it names).
    pub fn in_dialect(self, dialect: Dialect) -> Paths {
        Paths { dialect, ..self }
    }

    /// The number of paths (the length `out` needs).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no paths.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The node of `key` among `parent`'s keys.
    #[inline]
    fn child(&self, parent: usize, key: &Value, line: &[u8]) -> Option<usize> {
        let node = &self.nodes[parent];
        if let Kind::String { escaped: false, .. } = key.kind {
            let raw = key.bytes(line);
            let h = key_hash(raw);
            if node.hashes[h / 64] & (1 << (h % 64)) == 0 {
                return None;
            }
            return node.children.iter().copied().find(|&c| *self.nodes[c].key == *raw);
        }
        node.children.iter().copied().find(|&c| key.text_is(line, &self.nodes[c].key))
    }
}

/// A path's keys: split at `.`, `\.` and `\\` undone.
fn split_path(path: &str) -> Result<Vec<Vec<u8>>, PathError> {
    let mut keys = vec![Vec::new()];
    let mut bytes = path.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'.' => keys.push(Vec::new()),
            b'\\' => match bytes.next() {
                Some(e @ (b'.' | b'\\')) => keys.last_mut().into_iter().for_each(|k| k.push(e)),
                _ => return Err(PathError::BadEscape(path.to_string())),
            },
            _ => keys.last_mut().into_iter().for_each(|k| k.push(b)),
        }
    }
    if keys.iter().any(Vec::is_empty) {
        return Err(PathError::EmptyKey(path.to_string()));
    }
    Ok(keys)
}

/// Reads `line`, one JSON object, and sets `out[i]` to the value of `paths`' path `i`
/// ([`Kind::Absent`] when the line has none). `out` is cleared first; slots past its end
/// are not written.
///
/// ```
/// use firelog::json_object::{read, Kind, Paths, Value};
///
/// let paths = Paths::new(&["request.method", "status", "request.headers.User-Agent"])?;
/// let line = br#"{"request":{"method":"GET","headers":{"User-Agent":["curl/8.5.0"]}},"status":200}"#;
/// let mut out = [Value::default(); 3];
/// read(line, &paths, &mut out)?;
/// assert_eq!(out[0].bytes(line), b"GET");
/// assert_eq!((out[1].kind, out[1].bytes(line)), (Kind::Number, &b"200"[..]));
/// assert_eq!((out[2].kind, out[2].bytes(line)), (Kind::Array, &br#"["curl/8.5.0"]"#[..]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read(line: &[u8], paths: &Paths, out: &mut [Value]) -> Result<(), JsonError> {
    out.fill(Value::default());
    let mut reader = Reader { s: line, i: 0, dialect: paths.dialect };
    reader.start()?;
    reader.object_by_paths(1, 0, paths, out)?;
    reader.end()
}

/// Reads `line`, one JSON object, and hands `f` each of its top-level members in order:
/// the key (a [`Kind::String`] span) and the value (nested ones skipped, but checked).
/// Members are handed on as they are read: on an error, drop what `f` was given.
pub fn members(line: &[u8], mut f: impl FnMut(Value, Value)) -> Result<(), JsonError> {
    let mut reader = Reader { s: line, i: 0, dialect: Dialect::Json };
    reader.start()?;
    reader.members(1, |r, key| {
        let value = r.value(1)?;
        f(key, value);
        Ok(())
    })?;
    reader.end()
}

/// What tells an object from an array to [`Reader::container`]: its close, its kind, and
/// what is expected where a member or element does not start, first and after a comma,
/// and after one.
#[derive(Clone, Copy)]
struct Container {
    close: u8,
    kind: Kind,
    first: Expected,
    next: Expected,
    after: Expected,
}

const OBJECT: Container = Container {
    close: b'}',
    kind: Kind::Object,
    first: Expected::KeyOrObjectEnd,
    next: Expected::Key,
    after: Expected::CommaOrObjectEnd,
};

const ARRAY: Container = Container {
    close: b']',
    kind: Kind::Array,
    first: Expected::ValueOrArrayEnd,
    next: Expected::ValueOrArrayEnd,
    after: Expected::CommaOrArrayEnd,
};

/// The line and where in it the reader is.
struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    dialect: Dialect,
}

impl Reader<'_> {
    fn fail<T>(&self, at: usize, expected: Expected) -> Result<T, JsonError> {
        Err(JsonError { column: u32::try_from(at + 1).unwrap_or(u32::MAX), expected })
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Whitespace, then the object's `{`.
    fn start(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.peek() != Some(b'{') {
            return self.fail(self.i, Expected::ObjectStart);
        }
        Ok(())
    }

    /// Nothing but whitespace after the object.
    fn end(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.i < self.s.len() {
            return self.fail(self.i, Expected::End);
        }
        Ok(())
    }

    /// The object at `{`, at nesting `depth`: each member's key handed to `member` with
    /// the reader at the value, which `member` reads.
    fn members(
        &mut self,
        depth: usize,
        mut member: impl FnMut(&mut Self, Value) -> Result<(), JsonError>,
    ) -> Result<Value, JsonError> {
        self.container(depth, OBJECT, |r, expected| {
            if r.peek() != Some(b'"') {
                return r.fail(r.i, expected);
            }
            let key = r.string()?;
            r.ws();
            if r.peek() != Some(b':') {
                return r.fail(r.i, Expected::Colon);
            }
            r.i += 1;
            r.ws();
            member(r, key)
        })
    }

    /// The object or array at its opening byte, at nesting `depth`: `item` reads each
    /// member or element (failing with the `Expected` it is given when none starts
    /// there), and the container's commas and close are read here.
    #[inline]
    fn container(
        &mut self,
        depth: usize,
        shape: Container,
        mut item: impl FnMut(&mut Self, Expected) -> Result<(), JsonError>,
    ) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return self.fail(self.i, Expected::Shallower);
        }
        let start = self.i;
        self.i += 1;
        self.ws();
        if self.peek() == Some(shape.close) {
            self.i += 1;
            return Ok(Value { kind: shape.kind, start, end: self.i });
        }
        let mut expected = shape.first;
        loop {
            item(self, expected)?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    expected = shape.next;
                }
                Some(b) if b == shape.close => {
                    self.i += 1;
                    return Ok(Value { kind: shape.kind, start, end: self.i });
                }
                _ => return self.fail(self.i, shape.after),
            }
        }
    }

    /// The object at `{` whose keys are `node`'s: each path's value into its slot.
    fn object_by_paths(
        &mut self,
        depth: usize,
        node: usize,
        paths: &Paths,
        out: &mut [Value],
    ) -> Result<Value, JsonError> {
        self.members(depth, |r, key| {
            let Some(child) = paths.child(node, &key, r.s) else {
                r.value(depth)?;
                return Ok(());
            };
            let n = &paths.nodes[child];
            for &slot in &n.below {
                if let Some(v) = out.get_mut(slot) {
                    *v = Value::default();
                }
            }
            let value = if !n.children.is_empty() && r.peek() == Some(b'{') {
                r.object_by_paths(depth + 1, child, paths, out)?
            } else {
                r.value(depth)?
            };
            if let Some(v) = n.slot.and_then(|slot| out.get_mut(slot)) {
                *v = value;
            }
            Ok(())
        })
    }

    /// The value here, inside a container at nesting `depth`: read and checked.
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        let start = self.i;
        let kind = match self.peek() {
            Some(b'"') => return self.string(),
            Some(b'{') => return self.members(depth + 1, |r, _| r.value(depth + 1).map(drop)),
            Some(b'[') => return self.array(depth + 1),
            Some(b'-' | b'0'..=b'9') if self.dialect == Dialect::Json => {
                self.number()?;
                Kind::Number
            }
            Some(b't') if self.dialect == Dialect::Json => self.literal(b"true", Kind::True)?,
            Some(b'f') if self.dialect == Dialect::Json => self.literal(b"false", Kind::False)?,
            Some(b'n') if self.dialect == Dialect::Json => self.literal(b"null", Kind::Null)?,
            _ if self.dialect != Dialect::Json => return Ok(self.value_in_template(depth)),
            _ => return self.fail(start, Expected::Value),
        };
        Ok(Value { kind, start, end: self.i })
    }

    /// A template's value outside quotes (see [`Dialect::Template`]): a number, `true`,
    /// `false` or `null` when the text up to where the member ends is one, else `null`
    /// when there is no text and [`Kind::Bare`] when there is.
    fn value_in_template(&mut self, depth: usize) -> Value {
        let start = self.i;
        let mut strict = Reader { s: self.s, i: start, dialect: Dialect::Json };
        if matches!(self.peek(), Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n'))
            && let Ok(value) = strict.value(depth)
            && strict.ends_member(strict.i)
        {
            self.i = strict.i;
            return value;
        }
        self.bare(start)
    }

    /// Whether a template's member ends at `i`: white space, then `}`, `]`, the line's
    /// end, or `,` and (after white space) the next key's `"`.
    fn ends_member(&self, i: usize) -> bool {
        let next = |from: usize| {
            let rest = self.s.get(from..).unwrap_or_default();
            rest.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')).map(|k| from + k)
        };
        match next(i).map(|k| (k, self.s[k])) {
            None | Some((_, b'}' | b']')) => true,
            Some((k, b',')) => next(k + 1).is_some_and(|q| self.s[q] == b'"'),
            _ => false,
        }
    }

    /// The bare text from `start` up to where its member ends ([`Reader::ends_member`]),
    /// white space at its end left out; `null` when there is none.
    fn bare(&mut self, start: usize) -> Value {
        let mut i = start;
        while i < self.s.len() && !(matches!(self.s[i], b'}' | b']' | b',') && self.ends_member(i)) {
            i += 1;
        }
        let mut end = i;
        while end > start && matches!(self.s[end - 1], b' ' | b'\t' | b'\n' | b'\r') {
            end -= 1;
        }
        self.i = end;
        let kind = if end == start { Kind::Null } else { Kind::Bare };
        Value { kind, start, end }
    }

    fn literal(&mut self, word: &[u8], kind: Kind) -> Result<Kind, JsonError> {
        for (k, &w) in word.iter().enumerate() {
            if self.s.get(self.i + k) != Some(&w) {
                return self.fail(self.i + k, Expected::Literal);
            }
        }
        self.i += word.len();
        Ok(kind)
    }

    /// The array at `[`, at nesting `depth`. What is in it is read as strict JSON in any
    /// dialect: a template writes no arrays, and a bare value's end (`,"`) is an object's.
    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        let dialect = std::mem::take(&mut self.dialect);
        let array = self.container(depth, ARRAY, |r, expected| {
            if r.peek().is_none() {
                return r.fail(r.i, expected);
            }
            r.value(depth).map(drop)
        });
        self.dialect = dialect;
        array
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.fail(self.i, Expected::Digit),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            self.some_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }

    fn some_digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return self.fail(self.i, Expected::Digit);
        }
        self.digits();
        Ok(())
    }

    /// The string at `"`: its body's span, whether it holds escapes and is UTF-8.
    fn string(&mut self) -> Result<Value, JsonError> {
        let start = self.i + 1;
        let (mut i, mut escaped, mut high) = (start, false, false);
        loop {
            i = plain_run_end(self.s, i);
            match self.s.get(i) {
                None => return self.fail(i, Expected::StringEnd),
                Some(b'"') => break,
                Some(b'\\') if self.dialect == Dialect::TemplateEscapes => {
                    // The server's escape: the byte after the backslash is escaped, whatever
                    // it is (a line that ends there has no closing quote).
                    escaped = true;
                    high |= self.s.get(i + 1).is_some_and(|&b| b >= 0x80);
                    i = (i + 2).min(self.s.len());
                }
                Some(b'\\') => {
                    escaped = true;
                    i = self.escape(i)?;
                }
                Some(0x00..=0x1f) => return self.fail(i, Expected::EscapedControl),
                Some(_) => {
                    high = true;
                    while self.s.get(i).is_some_and(|&b| b >= 0x80) {
                        i += 1;
                    }
                }
            }
        }
        let utf8 = !high || std::str::from_utf8(&self.s[start..i]).is_ok();
        self.i = i + 1;
        Ok(Value { kind: Kind::String { escaped, utf8 }, start, end: i })
    }

    /// The escape at `i` (a backslash): where it ends.
    fn escape(&self, i: usize) -> Result<usize, JsonError> {
        match self.s.get(i + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(i + 2),
            Some(b'u') => match self.hex(i + 2)? {
                0xd800..=0xdbff => {
                    if self.s.get(i + 6..i + 8) != Some(b"\\u") {
                        return self.fail(i + 6, Expected::SurrogatePair);
                    }
                    match self.hex(i + 8)? {
                        0xdc00..=0xdfff => Ok(i + 12),
                        _ => self.fail(i + 6, Expected::SurrogatePair),
                    }
                }
                0xdc00..=0xdfff => self.fail(i, Expected::SurrogatePair),
                _ => Ok(i + 6),
            },
            _ => self.fail(i + 1, Expected::Escape),
        }
    }

    /// Four hex digits at `at`.
    fn hex(&self, at: usize) -> Result<u16, JsonError> {
        match self.s.get(at..at + 4).and_then(hex4) {
            Some(v) => Ok(v),
            None => {
                let bad = (at..at + 4).find(|&k| !self.s.get(k).is_some_and(u8::is_ascii_hexdigit));
                self.fail(bad.unwrap_or(at), Expected::Hex)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each path's value as `(kind, raw bytes)`, or the error.
    fn read_all(line: &[u8], paths: &[&str]) -> Result<Vec<(Kind, String)>, JsonError> {
        let compiled = Paths::new(paths).expect("paths compile");
        let mut out = vec![Value::default(); paths.len()];
        read(line, &compiled, &mut out)?;
        Ok(out.iter().map(|v| (v.kind, String::from_utf8_lossy(v.bytes(line)).into_owned())).collect())
    }

    const S: Kind = Kind::String { escaped: false, utf8: true };
    const E: Kind = Kind::String { escaped: true, utf8: true };
    const N: Kind = Kind::Number;
    const A: Kind = Kind::Absent;

    fn v(kind: Kind, bytes: &str) -> (Kind, String) {
        (kind, bytes.to_string())
    }

    #[test]
    fn documentation_lines_read_by_their_paths() {
        let caddy = include_bytes!("../testdata/json/caddy.jsonl").trim_ascii_end();
        assert_eq!(
            read_all(
                caddy,
                &[
                    "ts",
                    "request.remote_ip",
                    "request.method",
                    "request.uri",
                    "request.headers.User-Agent",
                    "request.tls.resumed",
                    "status",
                    "size",
                    "duration",
                    "request.headers.Referer",
                    "resp_headers",
                ]
            ),
            Ok(vec![
                v(N, "1646861401.5241024"),
                v(S, "127.0.0.1"),
                v(S, "GET"),
                v(S, "/"),
                v(Kind::Array, r#"["curl/7.82.0"]"#),
                v(Kind::False, "false"),
                v(N, "200"),
                v(N, "10900"),
                v(N, "0.000929675"),
                v(A, ""),
                v(
                    Kind::Object,
                    r#"{"Server":["Caddy"],"Content-Encoding":["gzip"],"Content-Type":["text/html; charset=utf-8"],"Vary":["Accept-Encoding"]}"#
                ),
            ])
        );
        let traefik = include_bytes!("../testdata/json/traefik.jsonl").trim_ascii_end();
        assert_eq!(
            read_all(
                traefik,
                &["RequestMethod", "RequestPath", "DownstreamStatus", "request_User-Agent", "StartUTC"]
            ),
            Ok(vec![
                v(S, "GET"),
                v(E, r"/api\/v1?x=1"),
                v(N, "200"),
                v(S, "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
                v(S, "2024-01-15T10:30:00.123456789Z"),
            ])
        );
        let envoy = include_bytes!("../testdata/json/envoy.jsonl").trim_ascii_end();
        assert_eq!(
            read_all(envoy, &["start_time", "response_code", "x_forwarded_for", "upstream_service_time"]),
            Ok(vec![v(S, "2024-01-15T10:30:00.123Z"), v(N, "200"), v(Kind::Null, "null"), v(S, "41")])
        );
    }

    #[test]
    fn spans_are_the_bodies_between_the_quotes() {
        let line = br#" { "a" : "xy" , "b":[1, {"c":2}] ,"n":-0.5e+3}  "#;
        let paths = Paths::new(&["a", "b", "n"]).unwrap();
        let mut out = [Value::default(); 3];
        read(line, &paths, &mut out).unwrap();
        assert_eq!(out[0], Value { kind: S, start: 10, end: 12 });
        assert_eq!(out[1], Value { kind: Kind::Array, start: 20, end: 32 });
        assert_eq!(out[2], Value { kind: N, start: 38, end: 45 });
    }

    #[test]
    fn edge_lines() {
        type Case<'a> = (&'a [u8], &'a [&'a str], &'a [(Kind, &'a str)]);
        let cases: &[Case] = &[
            (b"{}", &["a"], &[(A, "")]),
            (b" \t\r\n{ \n}\r\n", &["a"], &[(A, "")]),
            (br#"{"a":"say \"hi\" \\ \/"}"#, &["a"], &[(E, r#"say \"hi\" \\ \/"#)]),
            (br#"{"a":"caf\u00e9 \ud83d\ude00"}"#, &["a"], &[(E, r"caf\u00e9 \ud83d\ude00")]),
            ("{\"a\":\"café\"}".as_bytes(), &["a"], &[(S, "café")]),
            (
                b"{\"a\":\"\xe4\xff\"}",
                &["a"],
                &[(Kind::String { escaped: false, utf8: false }, "\u{fffd}\u{fffd}")],
            ),
            // Last wins, and a key seen again clears the paths below it.
            (br#"{"a":1,"a":2}"#, &["a"], &[(N, "2")]),
            (br#"{"r":{"m":"GET","u":"/"},"r":{"m":"PUT"}}"#, &["r.m", "r.u"], &[(S, "PUT"), (A, "")]),
            (br#"{"r":{"m":"GET"},"r":5}"#, &["r", "r.m"], &[(N, "5"), (A, "")]),
            // A path and a path below it.
            (br#"{"r":{"m":"GET"}}"#, &["r", "r.m"], &[(Kind::Object, r#"{"m":"GET"}"#), (S, "GET")]),
            // A key written with escapes is the text it stands for.
            (br#"{"\u006dethod":"GET"}"#, &["method"], &[(S, "GET")]),
            (br#"{"a.b":1,"a":{"b":2}}"#, &[r"a\.b", "a.b"], &[(N, "1"), (N, "2")]),
            (br#"{"a":[{"b":1}]}"#, &["a.b"], &[(A, "")]),
            (
                br#"{"t":true,"f":false,"n":null}"#,
                &["t", "f", "n"],
                &[(Kind::True, "true"), (Kind::False, "false"), (Kind::Null, "null")],
            ),
        ];
        for (line, paths, want) in cases {
            let want: Vec<_> = want.iter().map(|(k, b)| v(*k, b)).collect();
            assert_eq!(read_all(line, paths), Ok(want), "{}", String::from_utf8_lossy(line));
        }
    }

    #[test]
    fn bad_lines_name_the_column_and_what_was_expected() {
        use Expected::*;
        let deep = format!("{}{}", "{\"a\":".repeat(MAX_DEPTH), "1".to_string() + &"}".repeat(MAX_DEPTH));
        let too_deep = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH + 1), "}".repeat(MAX_DEPTH + 1));
        assert!(read_all(deep.as_bytes(), &["a"]).is_ok());
        let cases: &[(&[u8], u32, Expected)] = &[
            (b"", 1, ObjectStart),
            (b"   ", 4, ObjectStart),
            (b"[1]", 1, ObjectStart),
            (b"{", 2, KeyOrObjectEnd),
            (br#"{"a""#, 5, Colon),
            (br#"{"a":"#, 6, Value),
            (br#"{"a":1"#, 7, CommaOrObjectEnd),
            (br#"{"a":1,}"#, 8, Key),
            (br#"{"a":"x"#, 8, StringEnd),
            (br#"{"a":1} x"#, 9, End),
            (br#"{"a":1}{}"#, 8, End),
            (b"{\"a\":\"x\ty\"}", 8, EscapedControl),
            (br#"{"a":"\x"}"#, 8, Escape),
            (br#"{"a":"\u12G4"}"#, 11, Hex),
            (br#"{"a":"\u12"}"#, 11, Hex),
            (br#"{"a":"\ud83d"}"#, 13, SurrogatePair),
            (br#"{"a":"\ud83dx\ude00"}"#, 13, SurrogatePair),
            (br#"{"a":"\ud83d\u0041"}"#, 13, SurrogatePair),
            (br#"{"a":"\ude00"}"#, 7, SurrogatePair),
            (br#"{"a":01}"#, 7, CommaOrObjectEnd),
            (br#"{"a":-}"#, 7, Digit),
            (br#"{"a":1.}"#, 8, Digit),
            (br#"{"a":1e}"#, 8, Digit),
            (br#"{"a":+1}"#, 6, Value),
            (br#"{"a":tru}"#, 9, Literal),
            (br#"{"a":nul"#, 9, Literal),
            (br#"{"a":[1,]}"#, 9, Value),
            (br#"{"a":[1 2]}"#, 9, CommaOrArrayEnd),
            (br#"{"a":["#, 7, ValueOrArrayEnd),
            (br#"{'a':1}"#, 2, KeyOrObjectEnd),
            (b"{\"a\":1}\x00", 8, End),
            (too_deep.as_bytes(), 5 * MAX_DEPTH as u32 + 1, Shallower),
        ];
        for (line, column, expected) in cases {
            let want = JsonError { column: *column, expected: *expected };
            assert_eq!(read_all(line, &["a"]), Err(want), "{}", String::from_utf8_lossy(line));
            let ok = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line).is_ok();
            assert!(!ok, "serde_json reads {}", String::from_utf8_lossy(line));
        }
        assert_eq!(
            JsonError { column: 5, expected: Colon }.to_string(),
            "not a JSON object at column 5: expected ':' after a key"
        );
    }

    #[test]
    fn a_templates_quirks_read_in_its_dialect_and_fail_as_json() {
        use Dialect::{Json, Template, TemplateEscapes};
        let read_in = |line: &[u8], dialect| {
            let paths = Paths::new(&["a", "b"]).unwrap().in_dialect(dialect);
            let mut out = [Value::default(); 2];
            read(line, &paths, &mut out)?;
            Ok(out.map(|v| (v.kind, String::from_utf8_lossy(v.bytes(line)).into_owned())).to_vec())
        };
        let bare = Kind::Bare;
        let null = Kind::Null;
        type Case<'a> = (&'a [u8], Dialect, Result<&'a [(Kind, &'a str)], (u32, Expected)>);
        let cases: &[Case] = &[
            // nginx writes an empty variable as nothing.
            (br#"{"a": ,"b":1}"#, Template, Ok(&[(null, ""), (N, "1")])),
            (br#"{"b":1,"a":}"#, Template, Ok(&[(null, ""), (N, "1")])),
            (br#"{"a": ,"b":1}"#, Json, Err((7, Expected::Value))),
            // An upstream list unquoted, up to the next `,"`.
            (
                br#"{"a":10.0.0.1:80, 10.0.0.2:80,"b":"x"}"#,
                Template,
                Ok(&[(bare, "10.0.0.1:80, 10.0.0.2:80"), (S, "x")]),
            ),
            (br#"{"a":0.050, 0.061 , "b":2}"#, Template, Ok(&[(bare, "0.050, 0.061"), (N, "2")])),
            (br#"{"a":0.050, 0.061,"b":2}"#, Json, Err((13, Expected::Key))),
            (br#"{"b":-,"a": 200 }"#, Template, Ok(&[(N, "200"), (bare, "-")])),
            (br#"{"a":true,"b":null}"#, Template, Ok(&[(Kind::True, "true"), (null, "null")])),
            // An array is JSON's in any dialect.
            (br#"{"a":[1, {"c":2}],"b":-}"#, Template, Ok(&[(Kind::Array, r#"[1, {"c":2}]"#), (bare, "-")])),
            // Apache's and nginx's escape=default escapes, in their dialect only.
            (
                br#"{"a":"caf\xc3\xa9 \"q\" \\","b":"\x22"}"#,
                TemplateEscapes,
                Ok(&[(E, r#"caf\xc3\xa9 \"q\" \\"#), (E, r"\x22")]),
            ),
            (br#"{"a":"caf\xc3\xa9"}"#, Template, Err((11, Expected::Escape))),
            (br#"{"a":"x\"#, TemplateEscapes, Err((9, Expected::StringEnd))),
            // What is still not a template's line.
            (br#"{"a":abc"#, Template, Err((9, Expected::CommaOrObjectEnd))),
            (b"a,b", Template, Err((1, Expected::ObjectStart))),
        ];
        for (line, dialect, want) in cases {
            let want = want
                .map(|w| w.iter().map(|(k, b)| v(*k, b)).collect::<Vec<_>>())
                .map_err(|(column, expected)| JsonError { column, expected });
            assert_eq!(read_in(line, *dialect), want, "{} {dialect:?}", String::from_utf8_lossy(line));
        }
    }

    #[test]
    fn an_arrays_first_element() {
        let line = br#"{"h":{"A":[ "curl/8.5.0" ,"x"],"B":[],"C":[[1],2],"D":"s","E":[-1.5]}}"#;
        let paths = Paths::new(&["h.A", "h.B", "h.C", "h.D", "h.E"]).unwrap();
        let mut out = [Value::default(); 5];
        read(line, &paths, &mut out).unwrap();
        let firsts: Vec<_> = out
            .iter()
            .map(|v| v.first_element(line))
            .map(|v| (v.kind, String::from_utf8_lossy(v.bytes(line)).into_owned()))
            .collect();
        assert_eq!(firsts, [v(S, "curl/8.5.0"), v(A, ""), v(Kind::Array, "[1]"), v(A, ""), v(N, "-1.5")]);
        assert_eq!(Value::default().first_element(line), Value::default());
    }

    #[test]
    fn paths_compile_or_say_why_not() {
        assert_eq!(Paths::new(&["a", "b.c"]).map(|p| p.len()), Ok(2));
        for (path, error) in [
            ("", PathError::EmptyKey(String::new())),
            ("a..b", PathError::EmptyKey("a..b".into())),
            ("a.", PathError::EmptyKey("a.".into())),
            (r"a\b", PathError::BadEscape(r"a\b".into())),
        ] {
            assert_eq!(Paths::new(&[path]).err(), Some(error));
        }
        assert_eq!(Paths::new(&["a.b", "a.b"]).err(), Some(PathError::Duplicate("a.b".into())));
    }

    #[test]
    fn values_write_as_json_and_unescape() {
        let line = br#"{"a":"x\/y \u00e9\ud83d\ude00\n","b":"plain","c":12.5,"d":"\u0000"}"#;
        let paths = Paths::new(&["a", "b", "c", "d"]).unwrap();
        let mut out = [Value::default(); 4];
        read(line, &paths, &mut out).unwrap();
        let cases: [(&str, &[u8]); 4] = [
            (r"x\/y \u00e9\ud83d\ude00\n", "x/y é😀\n".as_bytes()),
            ("plain", b"plain"),
            ("12.5", b"12.5"),
            (r"\u0000", b"\0"),
        ];
        for (value, (written, unescaped)) in out.iter().zip(cases) {
            let mut w = Vec::new();
            value.write_str_body(line, &mut w);
            assert_eq!(String::from_utf8_lossy(&w), written);
            let mut u = Vec::new();
            value.unescape_into(line, &mut u);
            assert_eq!(u, unescaped);
        }
        // Bytes that are not UTF-8 are written as text, as any log bytes are.
        let line = b"{\"a\":\"\xff\\\"\"}";
        read(line, &paths, &mut out).unwrap();
        let mut w = Vec::new();
        out[0].write_str_body(line, &mut w);
        assert_eq!(w, br#"\\xff\""#);
    }
}
