//! Any bytes as a W3C log: when its first line is a `#Fields:` line it is the format,
//! else each W3C nickname is; the rest (or all of it) are its lines. No panic; a field
//! list is read or refused; every parsed line is written as one JSON object; the data as
//! a record (header lines and all) comes back `Ok` with UTF-8 JSON Lines, or `Dropped` or
//! `ProcessingFailed` with its data byte for byte.
#![no_main]

use base64::Engine as _;
use firelog::Transformer;
use firelog::access_log::{Captures, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let formats: Vec<Format> = if first.starts_with(b"#Fields:") {
        Format::new(&String::from_utf8_lossy(first)).into_iter().collect()
    } else {
        ["cloudfront", "cloudfront_realtime", "iis"].iter().map(|n| Format::new(n).expect("a nickname")).collect()
    };
    let mut captures = Captures::default();
    for format in &formats {
        for line in firelog::transform::lines(data).flatten() {
            if let Ok(parsed) = format.parse(line, &mut captures) {
                let mut out = Vec::new();
                firelog::output::write_line(&mut out, &parsed, line, None);
                let value: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
                assert!(value.is_object());
            }
        }
        let b64 = base64::engine::general_purpose::STANDARD.encode(data);
        let event = serde_json::json!({"records": [{"recordId": "a", "data": b64}]});
        let mut t = Transformer::new(format.clone());
        let (response, _) = t.event(&serde_json::to_vec(&event).expect("an event")).expect("a response");
        let response: serde_json::Value = serde_json::from_slice(&response).expect("JSON");
        let record = &response["records"][0];
        let out = base64::engine::general_purpose::STANDARD.decode(record["data"].as_str().expect("data")).expect("base64");
        match record["result"].as_str() {
            Some("Ok") => assert!(std::str::from_utf8(&out).is_ok()),
            Some("Dropped" | "ProcessingFailed") => assert_eq!(out, data),
            other => panic!("result {other:?}"),
        }
    }
});
