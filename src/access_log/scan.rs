//! The byte scanner for the built-in formats: reads exactly the lines their nicknames'
//! matchers read, into the same values, in one forward pass, and names the field where a
//! line goes wrong. [`Scanner::parse`](crate::access_log::Scanner::parse) puts what it
//! read into the entry, by the definition's groups.

use memchr::{memchr, memchr2};

use super::{Builtin, Field, ParseError};
use crate::timestamp::{ClfMinute, UtcTime};

/// What the scanner read of a line: each field's span as logged (between the quotes for
/// the quoted ones) and the values it checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scanned {
    pub host: (usize, usize),
    pub ident: (usize, usize),
    pub user: (usize, usize),
    /// `%t`'s text, brackets included, and the time in UTC.
    pub time_text: (usize, usize),
    pub time: UtcTime,
    pub request: (usize, usize),
    /// `%>s`'s text and value (`None` for Apache's `-`).
    pub status_text: (usize, usize),
    pub status: Option<u16>,
    /// `%b`'s text and value (`None` for CLF's `-`).
    pub bytes_text: (usize, usize),
    pub bytes: Option<u64>,
    /// `None` on a common-format line (and always under common).
    pub referer: Option<(usize, usize)>,
    pub user_agent: Option<(usize, usize)>,
    /// Text after a space past the user agent (combined only).
    pub extra: Option<(usize, usize)>,
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    /// Consumes `b` or fails as `field`.
    #[inline]
    fn expect(&mut self, b: u8, field: Field) -> Result<(), Field> {
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            Ok(())
        } else {
            Err(field)
        }
    }

    /// `[^ ]+`: a non-empty run up to the next space (not consumed) or the end.
    ///
    /// A plain loop: these fields (an address, `-`, a size) are a few bytes long, where
    /// memchr's set-up costs more than it saves.
    #[inline]
    fn token(&mut self, field: Field) -> Result<&'a [u8], Field> {
        let rest = &self.s[self.i..];
        let len = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        if len == 0 {
            return Err(field);
        }
        self.i += len;
        Ok(&rest[..len])
    }

    /// `%h`: a token; one that ends in a comma goes on after a space (a proxy's list where
    /// one address goes: `10.0.0.2, 10.0.0.1`). A host cannot end in a comma.
    #[inline]
    fn host_list(&mut self) -> Result<&'a [u8], Field> {
        let start = self.i;
        let mut token = self.token(Field::Host)?;
        while token.ends_with(b",") {
            self.expect(b' ', Field::Host)?;
            token = self.token(Field::Host)?;
        }
        Ok(&self.s[start..self.i])
    }

    /// ` <token>`: a space, then a token.
    #[inline]
    fn spaced_token(&mut self, field: Field) -> Result<&'a [u8], Field> {
        self.expect(b' ', field)?;
        self.token(field)
    }

    /// ` "..."`: a quoted field where a backslash escapes the byte after it. Returns
    /// what is between the quotes, escapes included.
    #[inline]
    fn quoted(&mut self, field: Field) -> Result<&'a [u8], Field> {
        self.expect(b' ', field)?;
        self.expect(b'"', field)?;
        let start = self.i;
        loop {
            let rest = &self.s[self.i..];
            let at = memchr2(b'"', b'\\', rest).ok_or(field)?;
            if rest[at] == b'"' {
                self.i += at + 1;
                return Ok(&self.s[start..self.i - 1]);
            }
            // A backslash needs a byte after it.
            if at + 1 >= rest.len() {
                return Err(field);
            }
            self.i += at + 2;
        }
    }

    /// ` %>s`: three digits, or Apache's `-` when it has no status (or a lone `0`, as a
    /// status field reads it in every format); its span and value.
    #[inline]
    fn status(&mut self) -> Result<((usize, usize), Option<u16>), Field> {
        self.expect(b' ', Field::Status)?;
        let start = self.i;
        let status = if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
            None
        } else if let Some(code) = self.s.get(self.i..self.i + 3).and_then(super::status) {
            self.i += 3;
            Some(code)
        } else if self.s.get(self.i) == Some(&b'0') {
            self.i += 1;
            Some(0)
        } else {
            return Err(Field::Status);
        };
        // A byte glued to the status is the status's fault; a missing size is not.
        if self.s.get(self.i).is_some_and(|&b| b != b' ') {
            return Err(Field::Status);
        }
        Ok(((start, self.i), status))
    }

    fn at_end(&self) -> bool {
        self.i == self.s.len()
    }

    /// Where `value`, a part of the line, is in it.
    fn span(&self, value: &[u8]) -> (usize, usize) {
        let start = value.as_ptr() as usize - self.s.as_ptr() as usize;
        (start, start + value.len())
    }
}

/// Parses one line in a built-in format.
pub(crate) fn line(s: &[u8], format: Builtin, clf: &mut ClfMinute) -> Result<Scanned, ParseError> {
    // The fast path marks nothing; a line that fails is read again, marking where each
    // field starts, for its error's column.
    fields(&mut Cursor { s, i: 0 }, format, clf, &mut |_| {}).map_err(|field| {
        let mut start = 0;
        let _ = fields(&mut Cursor { s, i: 0 }, format, clf, &mut |at| start = at);
        ParseError::at(field, s, start)
    })
}

/// Reads the fields; `mark` is told where each field starts.
#[inline(always)]
fn fields(
    c: &mut Cursor<'_>,
    format: Builtin,
    clf: &mut ClfMinute,
    mark: &mut impl FnMut(usize),
) -> Result<Scanned, Field> {
    let s = c.s;
    let host = c.host_list()?;
    mark(c.i);
    let ident = c.spaced_token(Field::Ident)?;
    // nginx writes a `-` there, always.
    if format == Builtin::NginxCombined && ident != b"-" {
        return Err(Field::Ident);
    }
    mark(c.i);
    let user = c.spaced_token(Field::User)?;

    mark(c.i);
    c.expect(b' ', Field::Time)?;
    let time_start = c.i;
    c.expect(b'[', Field::Time)?;
    let close = memchr(b']', &s[c.i..]).ok_or(Field::Time)?;
    let time = clf.parse(&s[c.i..c.i + close]).ok_or(Field::Time)?;
    c.i += close + 1;
    let time_text = (time_start, c.i);

    mark(c.i);
    let request = c.quoted(Field::Request)?;

    mark(c.i);
    let (status_text, status) = c.status()?;
    mark(c.i);
    let bytes_token = c.spaced_token(Field::Bytes)?;
    let bytes = match bytes_token {
        b"-" => None,
        digits => Some(super::integer(digits).ok_or(Field::Bytes)?),
    };

    let (mut referer, mut user_agent, mut extra) = (None, None, None);
    match format {
        Builtin::Common => {}
        Builtin::Combined if c.at_end() => {}
        Builtin::Combined | Builtin::NginxCombined => {
            mark(c.i);
            let text = c.quoted(Field::Referer)?;
            referer = Some(c.span(text));
            mark(c.i);
            let text = c.quoted(Field::UserAgent)?;
            user_agent = Some(c.span(text));
            if format == Builtin::Combined && s.get(c.i) == Some(&b' ') {
                extra = Some((c.i + 1, s.len()));
                c.i = s.len();
            }
        }
    }
    mark(c.i);
    if !c.at_end() {
        return Err(Field::End);
    }

    Ok(Scanned {
        host: c.span(host),
        ident: c.span(ident),
        user: c.span(user),
        time_text,
        time,
        request: c.span(request),
        status_text,
        status,
        bytes_text: c.span(bytes_token),
        bytes,
        referer,
        user_agent,
        extra,
    })
}
