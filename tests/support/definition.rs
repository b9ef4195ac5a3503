//! A built-in format's scanner held to its definition (the nickname compiled as any format
//! is): on any line, both write the same JSON, or both fail.

use firelog::access_log::{Captures, Entry, Field, Scanner};

/// The JSON both write for `line` (`None` when both fail), or what each gave when they
/// differ.
pub fn agree(parser: &Scanner, line: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let write = |parsed: Entry<'_>| {
        let mut out = Vec::new();
        firelog::output::write_line(&mut out, &parsed, line, None);
        out
    };
    let (mut by_scanner, mut by_definition) = (Captures::default(), Captures::default());
    let scanned = parser.parse(line, &mut by_scanner).map(write).map_err(|e| e.field);
    let matched = parser.parse_by_definition(line, &mut by_definition).map(write).map_err(|e| e.field);
    match (scanned, matched) {
        (Ok(a), Ok(b)) if a == b => Ok(Some(a)),
        (Err(_), Err(_)) => Ok(None),
        (scanned, matched) => Err(format!(
            "{:?}: scanner {}, definition {}",
            String::from_utf8_lossy(line),
            shown(scanned),
            shown(matched)
        )),
    }
}

fn shown(result: Result<Vec<u8>, Field>) -> String {
    match result {
        Ok(json) => String::from_utf8_lossy(&json).trim_end().to_string(),
        Err(field) => format!("fails at {field:?}"),
    }
}
