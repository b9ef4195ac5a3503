//! Any bytes as a line of each AWS layout (`alb`, `clb`, `nlb`, `s3_access`): no panic; a
//! line that reads writes one JSON object; where the scan reads a line, the regex (the
//! layout's definition) reads it into the same spans.
#![no_main]

use firelog::access_log::{Captures, Format};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static FORMATS: LazyLock<Vec<Format>> = LazyLock::new(|| {
    ["alb", "clb", "nlb", "s3_access"].iter().map(|name| Format::new(name).expect("a nickname")).collect()
});

fuzz_target!(|line: &[u8]| {
    let mut captures = Captures::default();
    let mut out = Vec::new();
    let (mut by_scan, mut by_regex) = (Vec::new(), Vec::new());
    for format in FORMATS.iter() {
        if let Ok(entry) = format.parse(line, &mut captures) {
            out.clear();
            firelog::output::write_line(&mut out, &entry, line, None);
            let object: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
            assert!(object.is_object());
        }
        let matcher = format.matcher();
        if matcher.scan(line, &mut by_scan).is_ok() {
            let mut locations = matcher.regex().capture_locations();
            assert!(matcher.match_regex(line, &mut locations, &mut by_regex).is_some(), "the regex reads it");
            assert_eq!(by_scan, by_regex);
        }
    }
});
