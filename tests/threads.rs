//! Splitting an event across threads changes nothing in the response or the summary.

mod support;

use firelog::{Builtin, Scanner, Transformer};
use support::{b64, root, testdata};

/// A large event of good, bad, blank and non-base64 records in a fixed mix.
fn mixed_event(records: usize) -> Vec<u8> {
    let good = std::fs::read(root().join("testdata/lines/combined.log")).unwrap();
    let bad = std::fs::read(root().join("testdata/lines/bad.log")).unwrap();
    let good: Vec<&[u8]> = good.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let bad: Vec<&[u8]> = bad.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let records: Vec<_> = (0..records)
        .map(|i| {
            let data = match i % 11 {
                3 => b64::encode(bad[i % bad.len()]),
                5 => b64::encode(b"\n \n"),
                7 => "not base64!".to_string(),
                _ => b64::encode(good[i % good.len()]),
            };
            (format!("r{i}"), data)
        })
        .collect();
    testdata::event_of(&records)
}

#[test]
fn any_number_of_threads_gives_the_same_response_and_summary() {
    for records in [0, 1, 255, 256, 511, 512, 513, 2000, 5003] {
        let event = mixed_event(records);
        let (want, want_summary) = Transformer::new(Scanner::new(Builtin::Combined)).event(&event).unwrap();
        for threads in [2, 3, 4, 7] {
            let mut t = Transformer::with_threads(Scanner::new(Builtin::Combined), threads);
            // Twice: the second run reuses every buffer.
            for _ in 0..2 {
                let (got, summary) = t.event(&event).unwrap();
                assert!(got == want, "{records} records, {threads} threads: responses differ");
                assert_eq!(summary, want_summary, "{records} records, {threads} threads");
                t.recycle(got);
            }
        }
    }
}
