//! Builds CloudWatch Logs subscription records the way a subscription filter does:
//! the message as JSON, gzip, then base64 (as Firehose hands it on).

use std::io::Write;

use super::b64;

pub fn message(kind: &str, group: &str, stream: &str, lines: &[&[u8]]) -> Vec<u8> {
    let events: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            serde_json::json!({
                "id": format!("3767823449958800{i:06}"),
                "timestamp": 1_763_706_324_000i64 + i as i64,
                "message": String::from_utf8_lossy(l),
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "messageType": kind,
        "owner": "123456789012",
        "logGroup": group,
        "logStream": stream,
        "subscriptionFilters": ["firelog"],
        "logEvents": events,
    }))
    .unwrap()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    // GzEncoder writes mtime 0 and no name: the same bytes every time.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub fn record_data(kind: &str, group: &str, stream: &str, lines: &[&[u8]]) -> String {
    b64::encode(gzip(&message(kind, group, stream, lines)))
}
