//! Fields inside quotes that a line may also write as a bare `-`, without them
//! ([`Tail::bare`]: S3's request line, referer and user agent when a record has none;
//! Traefik 1.x's), or as any bare word ([`Tail::words`]: ALB's target lists as AWS's
//! page printed them in 2020-21): the quotes are read as part of the field's group, and
//! cut off after the match.

use super::{Compiling, Directive, Escape, FormatError, Kind, Matcher, Shape, Step, Tail};

impl<'p> Compiling<'p> {
    /// A field inside quotes that a line may also write as a bare `-` ([`Tail::bare`]), or
    /// as any bare word when `word` ([`Tail::words`]): the quotes are part of its group,
    /// cut off after the match.
    pub(super) fn bare_field(
        &mut self,
        d: &'p Directive,
        escape: Escape,
        word: bool,
    ) -> Result<(), FormatError> {
        // One group, of Apache's escaped text: an address:port's second group, another
        // server's escapes, would not fit the pattern below.
        if matches!(d.kind, Kind::Endpoint { .. }) || escape != Escape::Apache {
            return Err(FormatError(format!("{} at position {} cannot be a bare -", d.text, d.position)));
        }
        let (pattern, in_quotes) = (self.pattern.len(), self.in_quotes);
        self.in_quotes = true;
        self.field(d, (Some(b"\""), false), escape)?;
        self.in_quotes = in_quotes;
        self.pattern.truncate(pattern);
        self.pattern.push_str(if word {
            "(\"(?:[^\"\\\\]|\\\\.)*\"|[^ \"]+)"
        } else {
            "(\"(?:[^\"\\\\]|\\\\.)*\"|-)"
        });
        if let Some(Step::Field { shape, .. }) = self.steps.last_mut() {
            *shape = Shape::QuotedOrDash { token: word };
        }
        self.bare.push(self.groups);
        Ok(())
    }

    /// Literal item `i`, without the quote that opens or closes a bare field beside it.
    pub(super) fn bare_literal(&mut self, bytes: &[u8], i: usize, tail: Option<Tail<'_>>) {
        let bare = |at: usize| tail.is_some_and(|t| t.bare.contains(&at));
        let mut bytes = bytes;
        if i > 0 && bare(i - 1) {
            bytes = bytes.strip_prefix(b"\"").unwrap_or(bytes);
        }
        if bare(i + 1) {
            bytes = bytes.strip_suffix(b"\"").unwrap_or(bytes);
        }
        if !bytes.is_empty() {
            self.literal(bytes);
        }
    }
}

impl Matcher {
    /// Cuts the quotes off the groups of fields read with them ([`Tail::bare`]).
    pub(super) fn unquote(&self, line: &[u8], spans: &mut [(usize, usize)]) {
        for &g in &self.bare {
            if let Some((s, e)) = spans.get_mut(g)
                && line.get(*s) == Some(&b'"')
            {
                (*s, *e) = (*s + 1, *e - 1);
            }
        }
    }
}
