//! A built-in format's scanner and its definition (the nickname compiled as any format
//! is), each written as JSON, so a test can hold the two equal.

use firelog::access_log::{Captures, Entry, Field, Scanner};

/// The scanner's JSON and the definition's, or the field each failed at.
#[allow(dead_code)]
pub fn both(parser: &Scanner, line: &[u8]) -> (Result<Vec<u8>, Field>, Result<Vec<u8>, Field>) {
    let write = |parsed: Entry<'_>| {
        let mut out = Vec::new();
        firelog::output::write_line(&mut out, &parsed, line, None);
        out
    };
    let fast = parser.parse(line).map(|e| write(Entry::Scanned(e))).map_err(|e| e.field);
    let mut captures = Captures::default();
    let definition = parser
        .parse_by_definition(line, &mut captures)
        .map(|f| write(Entry::Matched(f)))
        .map_err(|e| e.field);
    (fast, definition)
}
