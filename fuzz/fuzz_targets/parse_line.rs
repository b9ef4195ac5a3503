//! Any bytes as a line, under each built-in format: no panic; the scanner and its
//! definition (the nickname compiled as any format is) agree; both JSON writers agree
//! and write JSON.
#![no_main]

use firelog::access_log::{Captures, Builtin, Entry, Scanner};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCANNERS: LazyLock<[Scanner; 3]> = LazyLock::new(|| {
    [Scanner::new(Builtin::Combined), Scanner::new(Builtin::Common), Scanner::new(Builtin::NginxCombined)]
});

fuzz_target!(|line: &[u8]| {
    let mut captures = Captures::default();
    for scanner in SCANNERS.iter() {
        match (scanner.parse(line), scanner.parse_by_definition(line, &mut captures)) {
            (Ok(a), Ok(b)) => {
                let (mut general, mut plain, mut defined) = (Vec::new(), Vec::new(), Vec::new());
                firelog::output::write_entry(&mut general, &a);
                firelog::output::write_entry_from(&mut plain, &a, Some(line));
                firelog::output::write_line(&mut defined, &Entry::Matched(b), line, None);
                assert_eq!(general, plain);
                assert_eq!(general, defined);
                serde_json::from_slice::<serde_json::Value>(&general).expect("JSON");
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("scanner {a:?}, definition {b:?}"),
        }
    }
});
