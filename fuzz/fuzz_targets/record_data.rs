//! Any bytes as a record's data (split into several records at 0xff bytes): the
//! response keeps ids and order, failed and dropped records keep their data byte for
//! byte, and Ok records decode to UTF-8 JSON Lines.
#![no_main]

use base64::Engine as _;
use firelog::{Builtin, Scanner, Transformer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let b64 = base64::engine::general_purpose::STANDARD;
    let datas: Vec<String> = data.split(|&b| b == 0xff).map(|d| b64.encode(d)).collect();
    let records: Vec<_> = datas
        .iter()
        .enumerate()
        .map(|(i, d)| serde_json::json!({"recordId": i.to_string(), "data": d}))
        .collect();
    let event = serde_json::to_vec(&serde_json::json!({"records": records})).unwrap();
    for threads in [1, 2] {
        let (response, _) =
            Transformer::with_threads(Scanner::new(Builtin::Combined), threads).event(&event).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&response).unwrap();
        let out = v["records"].as_array().unwrap();
        assert_eq!(out.len(), datas.len());
        for (i, (r, d)) in out.iter().zip(&datas).enumerate() {
            assert_eq!(r["recordId"], i.to_string());
            match r["result"].as_str().unwrap() {
                "Ok" => {
                    let bytes = b64.decode(r["data"].as_str().unwrap()).unwrap();
                    let text = String::from_utf8(bytes).expect("UTF-8");
                    for line in text.lines() {
                        serde_json::from_str::<serde_json::Value>(line).expect("JSON line");
                    }
                }
                "Dropped" | "ProcessingFailed" => assert_eq!(r["data"].as_str().unwrap(), d),
                other => panic!("{other}"),
            }
        }
    }
});
