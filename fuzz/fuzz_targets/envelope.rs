//! Any bytes as a record: no panic; an envelope's fields write as one JSON object (or
//! null), and a record serde_json reads as an object with a string `log` gives back that
//! string (less one trailing newline) as its line.
#![no_main]

use firelog::shipper::{self, Buffers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|record: &[u8]| {
    let mut buffers = Buffers::default();
    let envelope = shipper::read(record, &mut buffers);
    if let Some(envelope) = &envelope {
        let mut out = Vec::new();
        envelope.write_fields(&mut out);
        let fields: serde_json::Value = serde_json::from_slice(&out).expect("fields are JSON");
        assert!(fields.is_null() || fields.is_object());
    }
    let Ok(object) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(record) else { return };
    if let Some(serde_json::Value::String(log)) = object.get("log") {
        let want = log.strip_suffix("\r\n").or_else(|| log.strip_suffix('\n')).unwrap_or(log);
        assert_eq!(envelope.map(|e| e.line), Some(want.as_bytes()));
    }
});
