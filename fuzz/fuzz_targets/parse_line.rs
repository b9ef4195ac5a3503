//! Any bytes as a line, under each built-in format: no panic; the scanner and the
//! regex agree; both JSON writers agree and write JSON.
#![no_main]

use firelog::access_log::{Format, Parser};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static PARSERS: LazyLock<[Parser; 2]> =
    LazyLock::new(|| [Parser::new(Format::Combined), Parser::new(Format::Common)]);

fuzz_target!(|line: &[u8]| {
    for parser in PARSERS.iter() {
        match (parser.parse(line), parser.parse_with_regex(line)) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b);
                let (mut general, mut plain) = (Vec::new(), Vec::new());
                firelog::output::write_entry(&mut general, &a);
                firelog::output::write_entry_from(&mut plain, &a, Some(line));
                assert_eq!(general, plain);
                serde_json::from_slice::<serde_json::Value>(&general).expect("JSON");
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("scanner {a:?}, regex {b:?}"),
        }
    }
});
