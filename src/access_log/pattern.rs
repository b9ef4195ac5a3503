//! The formats as regexes: the readable definition of what each format accepts.
//!
//! Written to stay within the regex crate's one-pass engine (anchored, no lazy
//! repetition, every choice decided by the next byte, at most 16 groups), which makes
//! captures several times cheaper than the general engines.

use regex::bytes::Regex;

use super::{Entry, Field, Format, ParseError};

/// NCSA combined: `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`, where the
/// last two fields may be absent (a common-format line).
pub const COMBINED: &str = r#"(?x-u)(?s)
    ^
    ([^\ ]+)                        # 1 %h  remote host: IPv4, IPv6 or a name
    \ ([^\ ]+)                      # 2 %l  identd name, - when unknown
    \ ([^\ ]+)                      # 3 %u  authenticated user, - when none
    \ \[([^\]]*)\]                  # 4 %t  [10/Oct/2000:13:55:36 -0700], checked after
    \ "((?:[^"\\]|\\.)*)"           # 5 %r  request line; Apache writes \" and \\ inside
    \ ([0-9]{3})                    # 6 %>s final status
    \ ([0-9]+|-)                    # 7 %b  body bytes, - for none
    (?:
        \ "((?:[^"\\]|\\.)*)"       # 8 "%{Referer}i"
        \ "((?:[^"\\]|\\.)*)"       # 9 "%{User-Agent}i"
    )?                              #   absent in the common format
    $
"#;

/// NCSA common (CLF): `%h %l %u %t "%r" %>s %b`.
pub const COMMON: &str = r#"(?x-u)(?s)
    ^
    ([^\ ]+)                        # 1 %h
    \ ([^\ ]+)                      # 2 %l
    \ ([^\ ]+)                      # 3 %u
    \ \[([^\]]*)\]                  # 4 %t
    \ "((?:[^"\\]|\\.)*)"           # 5 %r
    \ ([0-9]{3})                    # 6 %>s
    \ ([0-9]+|-)                    # 7 %b
    $
"#;

/// Compiles a built-in format's regex. The patterns are constants held by tests, so
/// a failure here is a bug in this file, not bad input.
pub fn compile(format: Format) -> Regex {
    let src = match format {
        Format::Combined => COMBINED,
        Format::Common => COMMON,
    };
    Regex::new(src).expect("built-in patterns are valid (tested)")
}

/// Matches `line` against a built-in format's regex and types the captures.
pub fn parse<'a>(regex: &Regex, line: &'a [u8]) -> Result<Entry<'a>, ParseError> {
    let caps = regex.captures(line).ok_or(ParseError { field: Field::Line })?;
    let group = |i: usize| caps.get(i).map(|m| m.as_bytes());
    let required = |i: usize| group(i).ok_or(ParseError { field: Field::Line });
    Ok(Entry {
        host: required(1)?,
        ident: super::unquoted_value(required(2)?),
        user: super::unquoted_value(required(3)?),
        time: super::time(required(4)?)?,
        request: required(5)?,
        status: super::status(required(6)?)?,
        bytes: super::bytes(required(7)?)?,
        referer: group(8).and_then(super::dash_is_none),
        user_agent: group(9).and_then(super::dash_is_none),
    })
}
