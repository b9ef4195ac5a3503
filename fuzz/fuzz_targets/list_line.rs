//! Any bytes as a line under a list of formats of different engines (the scanner's
//! `combined`, a JSON log's `caddy`, the matcher's `nginx_main`): no panic; a line the
//! list reads is read by one member, and that member alone reads it into the same
//! object. Through the per-line path (shippers' envelopes included) under the list with
//! each profile (`SCHEMA=ecs|otel`) and with an Iceberg table's rows: no panic, and what
//! is written is one JSON object (a row: with every column of the union).
#![no_main]

use firelog::access_log::{Captures, Formats};
use libfuzzer_sys::fuzz_target;
use std::sync::{LazyLock, Mutex};

const LIST: &str = "combined,caddy,nginx_main";

/// The transformers of the list's settings, and how many keys each object has (an
/// Iceberg row's: every column; else none asked).
static TRANSFORMERS: LazyLock<Vec<(Mutex<firelog::Transformer>, Option<usize>)>> = LazyLock::new(|| {
    let cases: [&[(&str, &str)]; 3] = [
        &[("SCHEMA", "ecs"), ("PARSE_USER_AGENT", "on")],
        &[("SCHEMA", "otel"), ("ON_BAD_LINE", "keep")],
        &[("ICEBERG_DATABASE", "d"), ("ICEBERG_TABLE", "t")],
    ];
    cases
        .iter()
        .map(|vars| {
            let settings = firelog::Settings::from_lookup(|name| match name {
                "LOG_FORMAT" => Some(LIST.to_string()),
                _ => vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()),
            })
            .expect("the list's settings");
            let transformer = settings.transformer();
            let every = settings.rules.iceberg.is_some().then(|| transformer.columns().len());
            (Mutex::new(transformer), every)
        })
        .collect()
});

static FORMATS: LazyLock<Formats> =
    LazyLock::new(|| Formats::from_setting_reserving(LIST, &[]).expect("the list compiles"));

fn object(entry: &firelog::access_log::Entry<'_>, line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    firelog::output::write_line(&mut out, entry, line, None);
    out
}

fuzz_target!(|line: &[u8]| {
    let (mut listed, mut alone) = (Captures::default(), Captures::default());
    if let Ok(entry) = FORMATS.parse(line, &mut listed) {
        let written = object(&entry, line);
        serde_json::from_slice::<serde_json::Value>(&written).expect("JSON");
        let member = &FORMATS.members()[FORMATS.index_of(&entry)];
        let by_member = member.parse(line, &mut alone).map(|e| object(&e, line));
        assert_eq!(by_member.as_deref(), Ok(&written[..]), "the member alone");
    }
    for (transformer, every) in TRANSFORMERS.iter() {
        let mut out = Vec::new();
        // With ON_BAD_LINE=keep a line that fails is written too (and is `Err`).
        let _ = transformer.lock().unwrap().line(line, 1, &mut out);
        if out.is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
        let members = value.as_object().expect("an object").len();
        if let Some(columns) = every {
            assert_eq!(members, *columns, "an Iceberg row has every column");
        }
    }
});
