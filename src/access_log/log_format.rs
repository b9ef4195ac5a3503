//! Apache `LogFormat` strings: the directives of a format, in order, each with the JSON
//! key and type it becomes.
//!
//! The text is read as Apache reads it (mod_log_config): `%` then optional conditions
//! (`!`, status codes, `<` or `>`), an optional `{argument}`, and one letter. Conditions
//! are accepted and ignored: when they do not hold, Apache writes `-`, which becomes null.
//! `\"` and `\\` stand for `"` and `\`, so a line copied from `apache2.conf` works as is.

use std::fmt;

/// Apache's nicknames for the formats its default configuration defines.
pub const NICKNAMES: [(&str, &str); 3] = [
    ("combined", r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i""#),
    ("common", r#"%h %l %u %t "%r" %>s %b"#),
    ("vhost_combined", r#"%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i""#),
];

/// What the README's directive table lists, for the error that names an unknown one.
pub const SUPPORTED: &str = "%a %{c}a %A %b %B %D %f %h %H %I %k %l %L %m %O %p %{local|remote}p %P %q %r %R \
     %s %>s %<s %S %t %{strftime|sec|msec|usec|msec_frac|usec_frac}t %T %{s|ms|us}T %u %U %v %V %X \
     %{Name}i %{Name}o %{Name}e %{Name}n %{Name}C %%";

/// A `LogFormat` string, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub items: Vec<Item>,
}

/// The text between directives, or one directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Literal(Vec<u8>),
    Directive(Directive),
}

/// One `%` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// As written, without conditions: `%>s`, `%{Referer}i`.
    pub text: String,
    /// Where its `%` is in the format, counting characters from 1.
    pub position: usize,
    /// The JSON key. `%r` also writes `method`, `path` and `protocol` before it.
    pub key: String,
    pub kind: Kind,
}

/// How a directive's text becomes a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A host, address or server name, written as logged.
    Host,
    /// `%l`, `%u`: `-` is null; `""` (an empty user name) is the empty string.
    Name,
    /// A string; `-` is null.
    Text,
    /// `%U`, the URL path (it stops at `?`, so `%U%q` reads).
    UrlPath,
    /// `%q`: the query string without its `?`; null when there is none.
    Query,
    /// `%r`: `method`, `path`, `protocol` and the whole `request`.
    Request,
    /// A three-digit status code.
    Status,
    /// A whole number; `-` is 0 when `dash_is_zero` (CLF's `%b`), null otherwise.
    Integer { dash_is_zero: bool },
    /// A part of the request's time: all of a format's parts make one `timestamp`.
    Time(TimePart),
}

/// The forms of `%t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimePart {
    /// `%t`: `[10/Oct/2000:13:55:36 -0700]`.
    Clf,
    /// `%{format}t` with a strftime format.
    Strftime(String),
    /// `%{sec}t`, `%{msec}t`, `%{usec}t`: since the epoch, with 0, 3 or 6 fraction digits.
    Epoch(u8),
    /// `%{msec_frac}t`, `%{usec_frac}t`: the fraction of the second, 3 or 6 digits.
    Fraction(u8),
}

/// Why a `LogFormat` string cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormatError {}

impl Spec {
    /// Reads a nickname (`combined`, `common`, `vhost_combined`) or a `LogFormat` string.
    pub fn parse(text: &str) -> Result<Spec, FormatError> {
        let (text, offset) = unwrap_config_line(text);
        let text = NICKNAMES.iter().find(|(name, _)| *name == text).map_or(text, |(_, format)| format);
        let mut items = Vec::new();
        let mut literal = Vec::new();
        let mut chars = text.char_indices().enumerate().peekable();
        while let Some((n, (_, c))) = chars.next() {
            match c {
                '\\' => match chars.peek().map(|(_, (_, c))| *c) {
                    Some(e @ ('"' | '\\')) => {
                        chars.next();
                        literal.push(e as u8);
                    }
                    _ => literal.push(b'\\'),
                },
                '%' => {
                    let mut raw = String::new();
                    let mut condition = ' ';
                    let mut argument = None;
                    let letter = loop {
                        let Some((_, (_, c))) = chars.next() else {
                            return Err(FormatError(format!(
                                "the % at position {} ends the format",
                                n + 1 + offset
                            )));
                        };
                        match c {
                            '!' | ',' | '0'..='9' => {}
                            '<' | '>' => condition = c,
                            '{' => {
                                let mut arg = String::new();
                                loop {
                                    match chars.next() {
                                        Some((_, (_, '}'))) => break,
                                        Some((_, (_, c))) => arg.push(c),
                                        None => {
                                            return Err(FormatError(format!(
                                                "the {{ of the directive at position {} is not closed",
                                                n + 1 + offset
                                            )));
                                        }
                                    }
                                }
                                argument = Some(arg);
                            }
                            c => break c,
                        }
                    };
                    if letter == '%' && argument.is_none() {
                        literal.push(b'%');
                        continue;
                    }
                    if condition != ' ' {
                        raw.push(condition);
                    }
                    if let Some(arg) = &argument {
                        raw.push_str(&format!("{{{arg}}}"));
                    }
                    raw.push(letter);
                    let text = format!("%{raw}");
                    let Some((key, kind)) = meaning(letter, condition, argument.as_deref()) else {
                        return Err(FormatError(format!(
                            "{text} at position {} is not a directive firelog reads (it reads {SUPPORTED})",
                            n + 1 + offset
                        )));
                    };
                    if !literal.is_empty() {
                        items.push(Item::Literal(std::mem::take(&mut literal)));
                    }
                    items.push(Item::Directive(Directive { text, position: n + 1 + offset, key, kind }));
                }
                c => {
                    let mut utf8 = [0; 4];
                    literal.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
        if !literal.is_empty() {
            items.push(Item::Literal(literal));
        }
        let spec = Spec { items };
        spec.check()?;
        Ok(spec)
    }

    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.items.iter().filter_map(|item| match item {
            Item::Directive(d) => Some(d),
            Item::Literal(_) => None,
        })
    }

    /// Each key once; the time parts make one timestamp.
    fn check(&self) -> Result<(), FormatError> {
        if self.directives().next().is_none() {
            return Err(FormatError("it is not a nickname firelog knows and has no % directive".into()));
        }
        let mut seen: Vec<(&str, &Directive)> = Vec::new();
        let mut times: Vec<&Directive> = Vec::new();
        for d in self.directives() {
            if let Kind::Time(_) = d.kind {
                times.push(d);
                if times.len() > 1 {
                    continue;
                }
            }
            let keys: &[&str] =
                if d.kind == Kind::Request { &["method", "path", "protocol", "request"] } else { &[&d.key] };
            for key in keys {
                if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
                    return Err(FormatError(format!(
                        "{} at position {} and {} at position {} both give the key \"{key}\"",
                        first.text, first.position, d.text, d.position
                    )));
                }
                seen.push((key, d));
            }
        }
        if times.len() > 1 {
            let combinable =
                |d: &&Directive| matches!(d.kind, Kind::Time(TimePart::Strftime(_) | TimePart::Fraction(_)));
            if let Some(d) = times.iter().find(|d| !combinable(d)) {
                return Err(FormatError(format!(
                    "{} at position {} cannot share the timestamp with other time directives \
                     (only %{{strftime}}t, %{{msec_frac}}t and %{{usec_frac}}t combine)",
                    d.text, d.position
                )));
            }
        }
        if let [d] = times[..]
            && let Kind::Time(TimePart::Fraction(_)) = d.kind
        {
            return Err(FormatError(format!(
                "{} at position {} is only the fraction of a second: add a %{{strftime}}t for the rest",
                d.text, d.position
            )));
        }
        Ok(())
    }
}

/// A directive's key and kind, or `None` when firelog does not read it.
fn meaning(letter: char, condition: char, argument: Option<&str>) -> Option<(String, Kind)> {
    use Kind::*;
    let int = Integer { dash_is_zero: false };
    let (key, kind) = match (letter, argument) {
        ('a', None) => ("client_ip", Host),
        ('a', Some("c")) => ("peer_ip", Host),
        ('A', None) => ("server_ip", Host),
        ('b', None) => ("bytes", Integer { dash_is_zero: true }),
        ('B', None) => ("bytes", int),
        ('D', None) | ('T', Some("us")) => ("duration_us", int),
        ('T', Some("ms")) => ("duration_ms", int),
        ('T', None | Some("s")) => ("duration_s", int),
        ('f', None) => ("filename", Text),
        ('h', None) => ("host", Host),
        ('H', None) => ("protocol", Text),
        ('I', None) => ("bytes_received", int),
        ('k', None) => ("keepalive_requests", int),
        ('l', None) => ("ident", Name),
        ('L', None) => ("log_id", Text),
        ('m', None) => ("method", Text),
        ('O', None) => ("bytes_sent", int),
        ('p', None | Some("canonical")) => ("port", int),
        ('p', Some("local")) => ("local_port", int),
        ('p', Some("remote")) => ("remote_port", int),
        ('P', None | Some("pid")) => ("pid", int),
        ('P', Some("tid" | "hextid")) => ("tid", Text),
        ('q', None) => ("query", Query),
        ('r', None) => ("request", Request),
        ('R', None) => ("handler", Text),
        ('s', None) if condition == '<' => ("original_status", Status),
        ('s', None) => ("status", Status),
        ('S', None) => ("bytes_transferred", int),
        ('t', None) => ("timestamp", Time(TimePart::Clf)),
        ('t', Some(arg)) => {
            let arg = arg.strip_prefix("begin:").or_else(|| arg.strip_prefix("end:")).unwrap_or(arg);
            let part = match arg {
                "sec" => TimePart::Epoch(0),
                "msec" => TimePart::Epoch(3),
                "usec" => TimePart::Epoch(6),
                "msec_frac" => TimePart::Fraction(3),
                "usec_frac" => TimePart::Fraction(6),
                "" => TimePart::Clf,
                strftime => TimePart::Strftime(strftime.to_string()),
            };
            ("timestamp", Time(part))
        }
        ('u', None) => ("user", Name),
        ('U', None) => ("path", UrlPath),
        ('v', None) => ("vhost", Host),
        ('V', None) => ("server_name", Host),
        ('X', None) => ("connection_status", Text),
        ('i', Some(name)) => return header_key("", name).map(|k| (k, Text)),
        ('o', Some(name)) => return header_key("response_", name).map(|k| (k, Text)),
        ('e', Some(name)) => return header_key("env_", name).map(|k| (k, Text)),
        ('n', Some(name)) => return header_key("note_", name).map(|k| (k, Text)),
        ('C', Some(name)) => return header_key("cookie_", name).map(|k| (k, Text)),
        _ => return None,
    };
    Some((key.to_string(), kind))
}

/// A line copied whole from `apache2.conf` (`LogFormat "%h ... \"%r\" ..." name`, with
/// or without the `LogFormat` keyword and the name) gives the format between its quotes. A
/// format that only starts with a quoted field (`"%r" %>s`) is left as it is.
/// Returns the format and how many characters come before it.
fn unwrap_config_line(text: &str) -> (&str, usize) {
    let keyword = text.strip_prefix("LogFormat ").map(str::trim_start);
    let Some(inner) = keyword.unwrap_or(text).strip_prefix('"') else { return (text, 0) };
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let name = inner[i + 1..].trim();
                let is_name =
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let whole_line = is_name || (keyword.is_some() && name.is_empty());
                return if whole_line {
                    (&inner[..i], text[..text.len() - inner.len()].chars().count())
                } else {
                    (text, 0)
                };
            }
            _ => i += 1,
        }
    }
    (text, 0)
}

/// `X-Forwarded-For` to `x_forwarded_for`: lower case, anything but a letter or digit `_`.
fn header_key(prefix: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let snake = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' });
    Some(prefix.chars().chain(snake).collect())
}
