//! varnishncsa's `-F` formats, read into a [`Plan`]. Their letters are Apache's
//! (varnishncsa writes "the Apache / NCSA combined log format"), so the format is read by
//! Apache's reader and its `%{..}x` extended variables then take the types of
//! [`EXTENSIONS`]: `%{Varnish:time_firstbyte}x` is a number of seconds,
//! `%{Varnish:vxid}x` a whole number, the others text. Their keys are Apache's for
//! `%{VAR}x`: the variable in snake case (`varnish_hitmiss`, `vcl_log_KEY`).
//!
//! A format is varnishncsa's by its form: the nickname `varnishncsa` (its default
//! format), a command line with `-F '...'` or `-F "..."` (as in a systemd unit or
//! `/etc/default/varnishncsa`), or any format with a `%{Varnish:..}x`, `%{VCL_Log:..}x` or
//! `%{VSL:..}x`. A `%{VSL:..}x` without `[field]` is a whole record ([`Kind::Record`]),
//! read only where the line tells where it ends (`records`).
//!
//! Sentences are varnishncsa(1)'s
//! (<https://varnish-cache.org/docs/trunk/reference/varnishncsa.html>).

use super::dialect::{Row, RowKind};
use super::plan::{FormatError, Item, Kind, Plan};

/// The nickname of varnishncsa's default format.
pub const NICKNAME: &str = "varnishncsa";

/// varnishncsa's default format (varnishncsa(1)): combined, with `User-agent`.
pub const DEFAULT: &str = r#"%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i""#;

/// The extended variables varnishncsa documents, with its words for each.
pub const EXTENSIONS: &[Row] = &[
    Row {
        form: "%{Varnish:time_firstbyte}x",
        key: "varnish_time_firstbyte",
        kind: RowKind::Decimal,
        doc: "Time from when the request processing starts until the first byte is sent to the client, in seconds. For backend mode: Time from the request was sent to the backend to the entire header had been received.",
    },
    Row {
        form: "%{Varnish:hitmiss}x",
        key: "varnish_hitmiss",
        kind: RowKind::Text,
        doc: "In client mode, one of the 'hit' or 'miss' strings, depending on whether the request was a cache hit or miss. Pipe and pass are considered misses.",
    },
    Row {
        form: "%{Varnish:handling}x",
        key: "varnish_handling",
        kind: RowKind::Text,
        doc: "In client mode, one of the 'hit', 'miss', 'pass', 'pipe' or 'synth' strings indicating how the request was handled.",
    },
    Row {
        form: "%{Varnish:side}x",
        key: "varnish_side",
        kind: RowKind::Text,
        doc: "Backend or client side. One of two values, 'b' or 'c', depending on where the request was made.",
    },
    Row {
        form: "%{Varnish:vxid}x",
        key: "varnish_vxid",
        kind: RowKind::Integer,
        doc: "The VXID of the varnish transaction.",
    },
    Row {
        form: "%{VSL:tag:record-prefix}x",
        key: "vsl_NAME",
        kind: RowKind::Record,
        doc: "The value of the VSL entry for the given tag-record prefix-field combination. Tag is mandatory, the other components are optional.",
    },
    Row {
        form: "%{VSL:tag:record-prefix[field]}x",
        key: "vsl_NAME",
        kind: RowKind::Text,
        doc: "The field will, if present, treat the log record as a white space separated list of fields, and only the nth part of the record will be matched against. Fields start counting at 1 and run up to 255.",
    },
    Row {
        form: "%{VCL_Log:key}x",
        key: "vcl_log_NAME",
        kind: RowKind::Text,
        doc: "The value set by std.log(\"key:value\") in VCL.",
    },
];

/// A format in varnishncsa's form (see the module's doc); `None` for any other text.
pub fn read(text: &str) -> Option<Result<Plan, FormatError>> {
    let trimmed = text.trim();
    if trimmed == NICKNAME {
        return Some(typed(Plan::parse(DEFAULT)));
    }
    if let Some(format) = option_f(trimmed) {
        return Some(format.and_then(|f| typed(Plan::parse(&f))));
    }
    let own = ["%{Varnish:", "%{VCL_Log:", "%{VSL:"];
    own.iter().any(|o| text.contains(o)).then(|| typed(Plan::parse(text)))
}

/// The format of a command line's `-F`: the argument after `-F ` in single quotes (as
/// written), double quotes (`\"` and `\\` undone, as a shell does) or none (up to a space).
fn option_f(text: &str) -> Option<Result<String, FormatError>> {
    let at = if text.starts_with("-F ") {
        0
    } else if text.starts_with("varnishncsa") || text.contains("/varnishncsa ") {
        text.find(" -F ")? + 1
    } else {
        return None;
    };
    let rest = text[at + 3..].trim_start();
    let unclosed = |q: char| FormatError(format!("the {q} after -F is not closed"));
    Some(match rest.chars().next() {
        Some('\'') => {
            rest[1..].find('\'').map(|end| rest[1..1 + end].to_string()).ok_or_else(|| unclosed('\''))
        }
        Some('"') => {
            let mut out = String::new();
            let mut chars = rest[1..].chars();
            loop {
                match chars.next() {
                    Some('\\') => match chars.next() {
                        Some(c @ ('"' | '\\' | '$' | '`')) => out.push(c),
                        Some(c) => {
                            out.push('\\');
                            out.push(c);
                        }
                        None => break Err(unclosed('"')),
                    },
                    Some('"') => break Ok(out),
                    Some(c) => out.push(c),
                    None => break Err(unclosed('"')),
                }
            }
        }
        _ => Ok(rest.split(' ').next().unwrap_or("").to_string()),
    })
}

/// Apache's plan with [`EXTENSIONS`]' types.
fn typed(plan: Result<Plan, FormatError>) -> Result<Plan, FormatError> {
    let mut plan = plan?;
    records(&mut plan.items)?;
    for item in &mut plan.items {
        let Item::Directive(d) = item else { continue };
        let form = if d.text.starts_with("%{VCL_Log:") { "%{VCL_Log:key}x" } else { d.text.as_str() };
        if let Some(row) = EXTENSIONS.iter().find(|r| r.form == form)
            && let Some(kind) = row.kind.kind(None)
        {
            d.kind = kind;
        }
    }
    Ok(plan)
}

/// Whether a directive is `%{VSL:tag}x` or `%{VSL:tag:prefix}x` without `[field]`: the
/// whole record, which may hold spaces.
fn is_record(text: &str) -> bool {
    text.starts_with("%{VSL:") && text.ends_with("}x") && !text.ends_with("]}x")
}

/// Whether varnishncsa always escapes `byte` in a value (`VSB_QUOTE_ESCHEX`: control
/// bytes as `\t`, `\n`, `\xHH`; bytes past `~` as `\xHH`; `"` and `\` after a `\`), so
/// that a literal starting with it ends a value: inside quotes, a `"`; anywhere, a
/// control byte or one past `~`. A space is a value's own.
fn ends_a_record(byte: u8, in_quotes: bool) -> bool {
    !(0x20..=0x7e).contains(&byte) || (in_quotes && byte == b'"')
}

/// Each whole record ([`is_record`]) becomes a [`Kind::Record`] where the line tells
/// where it ends: it is the last field, or the literal after it starts with a byte no
/// value holds ([`ends_a_record`]). Elsewhere a line cannot tell its spaces from the
/// separators: the format is refused, naming the directive, rather than read by a guess.
fn records(items: &mut [Item]) -> Result<(), FormatError> {
    let mut in_quotes = false;
    for i in 0..items.len() {
        let next = match items.get(i + 1) {
            None => None,
            Some(Item::Literal(bytes)) => Some(bytes.first().copied()),
            Some(Item::Directive(_)) => Some(None),
        };
        match &mut items[i] {
            Item::Literal(bytes) => in_quotes ^= bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1,
            Item::Directive(d) if is_record(&d.text) => {
                match next {
                    None => {}
                    Some(Some(byte)) if ends_a_record(byte, in_quotes) => {}
                    _ => {
                        let field = format!("{}[1]}}x", d.text.trim_end_matches("}x"));
                        return Err(FormatError(format!(
                            "{} at position {} logs the whole record, which may hold spaces, and \
                             the line cannot tell where it ends before what follows it: add [n] to \
                             log its n-th field ({field}), or make it the last field, or follow it \
                             with a tab",
                            d.text, d.position
                        )));
                    }
                }
                d.kind = Kind::Record;
            }
            Item::Directive(_) => {}
        }
    }
    Ok(())
}
