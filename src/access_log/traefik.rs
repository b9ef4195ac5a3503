//! Traefik's text access logs (`accessLog.format`: `common`, the default, and
//! `genericCLF`), read into a [`Plan`].
//!
//! Traefik's `genericCLF` is Apache's combined, and its nickname `traefik_generic` is
//! `combined`. Its default `common` writes combined's fields, then four of its own
//! ([`FIELDS`]): `<requests> "<router>" "<server URL>" <duration>ms`. Traefik writes `-`
//! for a size or status it has not (not a 0: Traefik's `-` is no value, so `bytes` is
//! read as Apache's `%B` is, `-` null), `"-"` for a router or URL it has not, and `[-]`
//! for a time it dropped (its own time, [`TimePart::ClfOrDash`]: null). The
//! combined part keeps Apache's directives (`%h`, `%{User-Agent}i`), so enrichment finds
//! its client and user agent as it finds combined's.
//!
//! Sentences are Traefik's, from its access logs page
//! (<https://doc.traefik.io/traefik/observability/access-logs/>).

use super::dialect::{self, Row, RowKind};
use super::plan::{Directive, FormatError, Item, Kind, Plan, TimePart};

/// Traefik's nicknames and what each is: `traefik_generic` is `combined`.
pub const NICKNAMES: [&str; 2] = ["traefik", "traefik_generic"];

/// Combined's fields as Traefik's CLF writes them: `%B` where combined has `%b`.
const COMBINED_PART: &str = r#"%h %l %u %t "%r" %>s %B "%{Referer}i" "%{User-Agent}i""#;

/// The fields Traefik's CLF writes after combined's, each with the text before it.
pub const FIELDS: &[Row] = &[
    Row {
        form: "RequestCount",
        key: "request_count",
        kind: RowKind::Integer,
        doc: "The number of requests received since the Traefik instance started.",
    },
    Row {
        form: "\"RouterName\"",
        key: "router_name",
        kind: RowKind::Text,
        doc: "The name of the Traefik router.",
    },
    Row {
        form: "\"ServiceURL\"",
        key: "service_url",
        kind: RowKind::Text,
        doc: "The URL of the Traefik backend.",
    },
    Row {
        form: "Duration",
        key: "duration_ms",
        kind: RowKind::Integer,
        doc: "The total time taken by processing the response, including the origin server's time but not the log writing time (in the CLF, in milliseconds, followed by ms).",
    },
];

/// The literal before each of [`FIELDS`], and the one that ends the line.
const BEFORE: [&str; 4] = [" ", " \"", "\" \"", "\" "];
const AFTER: &str = "ms";

/// A Traefik nickname's plan; `None` for any other text.
pub fn read(text: &str) -> Option<Result<Plan, FormatError>> {
    match text.trim() {
        "traefik_generic" => Some(Plan::parse("combined")),
        "traefik" => Some(plan()),
        _ => None,
    }
}

/// The items of a `traefik` plan's quoted fields after the request (referer, user
/// agent, router, URL): Traefik 1.x wrote a bare `-` for one it had not, without quotes
/// (its `logger_formatters.go`); 2.x writes `"-"`. Either reads.
pub fn bare_fields(plan: &Plan) -> Vec<usize> {
    let quote_ends = |i: usize| matches!(plan.items.get(i), Some(Item::Literal(l)) if l.ends_with(b"\""));
    let quote_starts = |i: usize| matches!(plan.items.get(i), Some(Item::Literal(l)) if l.starts_with(b"\""));
    (1..plan.items.len())
        .filter(|&i| match &plan.items[i] {
            Item::Directive(d) => d.kind != Kind::Request && quote_ends(i - 1) && quote_starts(i + 1),
            Item::Literal(_) => false,
        })
        .collect()
}

/// Traefik's `common`: combined's part, then [`FIELDS`].
fn plan() -> Result<Plan, FormatError> {
    let mut items = Plan::parse(COMBINED_PART)?.items;
    // Traefik writes `[-]` for a time it dropped (`fields.names.StartUTC: drop`).
    for item in &mut items {
        if let Item::Directive(d) = item
            && d.kind == Kind::Time(TimePart::Clf)
        {
            d.kind = Kind::Time(TimePart::ClfOrDash);
        }
    }
    let mut position = COMBINED_PART.chars().count();
    for (before, row) in BEFORE.iter().zip(FIELDS) {
        position += before.chars().count() + 1;
        items.push(Item::Literal(before.as_bytes().to_vec()));
        let kind = row.kind.kind(None).ok_or_else(|| FormatError(format!("{} is no field", row.form)))?;
        let text = row.form.trim_matches('"').to_string();
        items.push(Item::Directive(Directive {
            text,
            position,
            key: row.key.into(),
            alt_key: None,
            kind,
            header: None,
        }));
    }
    items.push(Item::Literal(AFTER.as_bytes().to_vec()));
    dialect::plan(items)
}
