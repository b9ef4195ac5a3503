//! The byte scanner for the built-in formats: accepts exactly what [`super::pattern`]
//! accepts, in one forward pass, and names the field where a line goes wrong.

use memchr::{memchr, memchr2};

use super::{Entry, Field, Format, ParseError};

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    /// Consumes `b` or fails as `field`.
    #[inline]
    fn expect(&mut self, b: u8, field: Field) -> Result<(), ParseError> {
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            Ok(())
        } else {
            Err(ParseError { field })
        }
    }

    /// `[^ ]+`: a non-empty run up to the next space (not consumed) or the end.
    ///
    /// A plain loop: these fields (an address, `-`, a size) are a few bytes long, where
    /// memchr's set-up costs more than it saves.
    #[inline]
    fn token(&mut self, field: Field) -> Result<&'a [u8], ParseError> {
        let rest = &self.s[self.i..];
        let len = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        if len == 0 {
            return Err(ParseError { field });
        }
        self.i += len;
        Ok(&rest[..len])
    }

    /// ` <token>`: a space, then a token.
    #[inline]
    fn spaced_token(&mut self, field: Field) -> Result<&'a [u8], ParseError> {
        self.expect(b' ', field)?;
        self.token(field)
    }

    /// ` "..."`: a quoted field where a backslash escapes the byte after it. Returns
    /// what is between the quotes, escapes included.
    #[inline]
    fn quoted(&mut self, field: Field) -> Result<&'a [u8], ParseError> {
        self.expect(b' ', field)?;
        self.expect(b'"', field)?;
        let start = self.i;
        loop {
            let rest = &self.s[self.i..];
            let at = memchr2(b'"', b'\\', rest).ok_or(ParseError { field })?;
            if rest[at] == b'"' {
                self.i += at + 1;
                return Ok(&self.s[start..self.i - 1]);
            }
            // A backslash needs a byte after it.
            if at + 1 >= rest.len() {
                return Err(ParseError { field });
            }
            self.i += at + 2;
        }
    }

    fn at_end(&self) -> bool {
        self.i == self.s.len()
    }
}

/// Parses one line in a built-in format.
pub fn line(s: &[u8], format: Format) -> Result<Entry<'_>, ParseError> {
    let mut c = Cursor { s, i: 0 };
    let host = c.token(Field::Host)?;
    let ident = c.spaced_token(Field::Ident)?;
    let user = c.spaced_token(Field::User)?;

    c.expect(b' ', Field::Time)?;
    c.expect(b'[', Field::Time)?;
    let close = memchr(b']', &s[c.i..]).ok_or(ParseError { field: Field::Time })?;
    let time = &s[c.i..c.i + close];
    c.i += close + 1;
    let time = super::time(time)?;

    let request = c.quoted(Field::Request)?;

    c.expect(b' ', Field::Status)?;
    let status = s.get(c.i..c.i + 3).ok_or(ParseError { field: Field::Status })?;
    let status = super::status(status)?;
    c.i += 3;
    // A fourth byte glued to the status is the status's fault; a missing size is not.
    if s.get(c.i).is_some_and(|&b| b != b' ') {
        return Err(ParseError { field: Field::Status });
    }

    let bytes = super::bytes(c.spaced_token(Field::Bytes)?)?;

    let (referer, user_agent) = if c.at_end() {
        (None, None)
    } else if format == Format::Combined {
        let referer = c.quoted(Field::Referer)?;
        let user_agent = c.quoted(Field::UserAgent)?;
        (super::dash_is_none(referer), super::dash_is_none(user_agent))
    } else {
        return Err(ParseError { field: Field::End });
    };
    if !c.at_end() {
        return Err(ParseError { field: Field::End });
    }

    Ok(Entry {
        host,
        ident: super::unquoted_value(ident),
        user: super::unquoted_value(user),
        time,
        request,
        status,
        bytes,
        referer,
        user_agent,
    })
}
