//! Any bytes as an inflated CloudWatch Logs message, and as gzip: no panic, bounded.
#![no_main]

use base64::Engine as _;
use firelog::cloudwatch;
use firelog::transform::RecordResult;
use firelog::{Builtin, Transformer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cloudwatch::parse(data);
    let mut inflated = Vec::new();
    let _ = cloudwatch::inflate(data, &mut inflated, 1 << 20);
    assert!(inflated.len() <= 1 << 20);
    // The same bytes behind a gzip header, as a record's data: the whole record path.
    let mut gz = vec![0x1f, 0x8b];
    gz.extend_from_slice(data);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&gz);
    let mut transformer = Transformer::new(Builtin::Combined);
    if transformer.record(b64.as_bytes()) == RecordResult::Ok {
        assert!(std::str::from_utf8(transformer.output()).is_ok());
    }
});
