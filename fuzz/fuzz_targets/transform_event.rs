//! Any bytes as the whole event: an error or a response, never a panic; a response is
//! JSON with one record per event record.
#![no_main]

use firelog::{Builtin, Scanner, Transformer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|event: &[u8]| {
    let mut t = Transformer::new(Scanner::new(Builtin::Combined));
    if let Ok((response, summary)) = t.event(event) {
        let v: serde_json::Value = serde_json::from_slice(&response).expect("response is JSON");
        assert_eq!(v["records"].as_array().map(Vec::len), Some(summary.records));
    }
});
