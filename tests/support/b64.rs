//! Standard base64, as Firehose carries record data, from the `base64` crate: an encoder
//! independent of firelog's own, to build its input and check its output with.

use base64::Engine as _;

const STANDARD: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    STANDARD.encode(bytes)
}

/// The bytes of `text`, which must be base64 (firelog's output always is).
pub fn decode(text: impl AsRef<[u8]>) -> Vec<u8> {
    let text = text.as_ref();
    STANDARD.decode(text).unwrap_or_else(|e| panic!("not base64 ({e}): {:?}", String::from_utf8_lossy(text)))
}
