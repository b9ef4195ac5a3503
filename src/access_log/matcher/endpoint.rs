//! Address:port fields ([`Kind::Endpoint`]): a group for the address and one for the
//! port after it, split after the match (by the scan or the regex alike), and the port's
//! slot, a whole number.

use super::{ABSENT, Compiling, Matcher, Slot};
use crate::access_log::plan::{Directive, Kind};
use crate::json::Unescape;

impl Matcher {
    /// Each address:port field's text split into its address and port groups.
    #[inline]
    pub(super) fn split_endpoints(&self, line: &[u8], spans: &mut [(usize, usize)]) {
        for &(address, port) in &self.layout.endpoints {
            split_endpoint(line, spans, address, port);
        }
    }
}

impl Matcher {
    /// A JSON log's address:port values split: its ports' groups are past its paths'.
    pub(super) fn split_json_endpoints(&self, line: &[u8], spans: &mut Vec<(usize, usize)>) {
        if !self.layout.endpoints.is_empty() {
            spans.resize(self.groups + 1, ABSENT);
            self.split_endpoints(line, spans);
        }
    }
}

impl Compiling<'_> {
    /// After an address:port field (`d`), its port's group and slot: the group is empty
    /// in the regex, the split fills it.
    pub(super) fn port(&mut self, d: &Directive, absent: bool) {
        let Kind::Endpoint { port } = &d.kind else { return };
        self.groups += 1;
        if !absent {
            self.pattern.push_str("()");
            self.layout.endpoints.push((self.groups - 1, self.groups));
        }
        self.slots.push(port_slot(port, self.groups, d, absent));
    }
}

/// The slot of an address:port field's port: a whole number, `-` null.
pub(super) fn port_slot(key: &str, group: usize, d: &Directive, absent: bool) -> Slot {
    Slot {
        name: key.into(),
        key: crate::column::Key::new(crate::column::key_bytes(key, false)),
        group,
        kind: Kind::Integer { dash_is_zero: false },
        quoted: false,
        unescape: Unescape::None,
        empty_is_null: false,
        position: u16::try_from(d.position).unwrap_or(u16::MAX),
        header: None,
        directive: d.text.as_str().into(),
        absent,
    }
}

/// Splits group `g`'s address:port text into the address (group `g`) and the port
/// (group `p`): `[v6]:port`, else at the last colon; without a colon the port is absent.
/// What follows a `]` other than `:port` is left as the port, so that its number check
/// fails the line rather than a value being guessed. An address that is a URL (Envoy's
/// internal listeners' `envoy://internal_client_address/`) has no port: it is kept whole.
fn split_endpoint(line: &[u8], spans: &mut [(usize, usize)], g: usize, p: usize) {
    let Some(&(s, e)) = spans.get(g) else { return };
    if (s, e) == ABSENT || p >= spans.len() {
        return;
    }
    let text = &line[s..e];
    let (address, port) = if text.first() == Some(&b'[')
        && let Some(close) = memchr::memchr(b']', text)
    {
        let after = s + close + 1;
        let port = match line.get(after) {
            _ if after == e => ABSENT,
            Some(b':') => (after + 1, e),
            _ => (after, e),
        };
        ((s + 1, s + close), port)
    } else {
        match memchr::memrchr(b':', text) {
            // `scheme://...`: a URL, whose last colon is its scheme's.
            Some(c) if text[c + 1..].starts_with(b"//") => ((s, e), ABSENT),
            Some(c) => ((s, s + c), (s + c + 1, e)),
            None => ((s, e), ABSENT),
        }
    };
    spans[g] = address;
    spans[p] = port;
}
