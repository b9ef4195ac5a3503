//! Any bytes as an inflated CloudWatch Logs message, and as gzip: no panic, bounded.
#![no_main]

use firelog::access_log::{Captures, Builtin, Format};
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
    let (mut out, mut keys) = (Vec::new(), Vec::new());
    let format = Format::from(Builtin::Combined);
    let rules = firelog::routing::Rules::default();
    let plan = firelog::transform::Job { parser: &format, rules: &rules, bad_lines: Default::default() };
    let mut captures = Captures::default();
    let mut sink = firelog::transform::Sink {
        out: &mut out,
        keys: &mut keys,
        captures: &mut captures,
        lines: Default::default(),
    };
    let _ = firelog::transform::transform_cloudwatch(plan, &gz, &mut inflated, &mut sink);
});
