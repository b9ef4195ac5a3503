//! The project's own test inputs: Firehose events built from records, and the settings a
//! fixture event is transformed with.

use super::{b64, root};

/// A Firehose event of `(recordId, data)` records, the data as sent (base64 or not).
pub fn event_of<I: AsRef<str>, D: AsRef<str>>(records: &[(I, D)]) -> Vec<u8> {
    let records: Vec<_> = records
        .iter()
        .map(|(id, data)| serde_json::json!({"recordId": id.as_ref(), "data": data.as_ref()}))
        .collect();
    serde_json::to_vec(&serde_json::json!({"records": records})).unwrap()
}

/// A Firehose event with one record per item, in base64, ids `0`, `1`, ...
pub fn event<D: AsRef<[u8]>>(datas: &[D]) -> Vec<u8> {
    let records: Vec<_> = datas.iter().enumerate().map(|(i, d)| (i.to_string(), b64::encode(d))).collect();
    event_of(&records)
}

/// The settings of fixture `name`: `testdata/<name>.env`, `KEY=VALUE` lines (as
/// `cargo lambda watch --env-file` reads them); none when there is no such file.
pub fn env_file(name: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join(format!("testdata/{name}.env"))).unwrap_or_default();
    text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}
