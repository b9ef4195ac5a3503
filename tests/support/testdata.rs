//! The project's own test inputs: a Firehose event built from records' text, and the
//! settings a fixture event is transformed with.

use base64::Engine as _;

/// A Firehose event with one record per item, ids `0`, `1`, ...
#[allow(dead_code)]
pub fn event<D: AsRef<[u8]>>(datas: &[D]) -> Vec<u8> {
    let records: Vec<_> = datas
        .iter()
        .enumerate()
        .map(|(i, d)| {
            serde_json::json!({
                "recordId": i.to_string(),
                "data": base64::engine::general_purpose::STANDARD.encode(d),
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"records": records})).unwrap()
}

/// The settings of fixture `name`: `testdata/<name>.env`, `KEY=VALUE` lines (as
/// `cargo lambda watch --env-file` reads them); none when there is no such file.
#[allow(dead_code)]
pub fn env_file(name: &str) -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("testdata/{name}.env"));
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}
