//! Any bytes as an inflated CloudWatch Logs message, and as gzip: no panic, bounded.
#![no_main]

use firelog::access_log::{Format, Parser};
use firelog::cloudwatch;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cloudwatch::parse(data);
    let mut inflated = Vec::new();
    let _ = cloudwatch::inflate(data, &mut inflated, 1 << 20);
    assert!(inflated.len() <= 1 << 20);
    // The same bytes behind a gzip header, through the whole record path.
    let mut gz = vec![0x1f, 0x8b];
    gz.extend_from_slice(data);
    let mut out = Vec::new();
    let _ = firelog::transform::transform_cloudwatch(
        &Parser::new(Format::Combined),
        &gz,
        &mut inflated,
        &mut out,
    );
});
