//! CloudWatch Logs subscription messages: what a subscription filter sends to Firehose.
//!
//! The record's data (after base64) is gzip holding one JSON message. A
//! `DATA_MESSAGE` carries log events whose `message` is a log line; a
//! `CONTROL_MESSAGE` is CloudWatch Logs checking that the destination is reachable.
//! Inflating is bounded, so a small record that inflates to gigabytes (a gzip bomb)
//! fails that record instead of the function's memory.

use std::borrow::Cow;
use std::io::Read;

use serde::Deserialize;

/// The first two bytes of every gzip stream (RFC 1952).
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Most bytes a record may inflate to: 16 MiB. A subscription message holds at most
/// one PutLogEvents batch (1 MiB of messages, 10,000 events) plus about 100 bytes of
/// JSON per event, so about 2 MiB: this is 8 times that, and an eighth of the smallest
/// Lambda's memory (128 MB).
pub const MAX_INFLATED: usize = 16 << 20;

/// Whether decoded record data is gzip (and so, to firelog, a CloudWatch Logs message).
pub fn is_gzip(data: &[u8]) -> bool {
    data.starts_with(&GZIP_MAGIC)
}

/// Why a CloudWatch Logs record could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CwlError {
    /// Not a complete, valid gzip stream.
    Gzip,
    /// Inflates past [`MAX_INFLATED`].
    TooLarge,
    /// Not a subscription message, or a type other than DATA and CONTROL.
    NotSubscriptionMessage,
}

impl std::fmt::Display for CwlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CwlError::Gzip => "data starts like gzip but is not valid gzip",
            CwlError::TooLarge => "gzip data inflates past the 16 MiB cap",
            CwlError::NotSubscriptionMessage => "not a CloudWatch Logs DATA_MESSAGE or CONTROL_MESSAGE",
        })
    }
}

/// Inflates `gz` into `out` (cleared first), refusing to write more than `cap` bytes.
pub fn inflate(gz: &[u8], out: &mut Vec<u8>, cap: usize) -> Result<(), CwlError> {
    out.clear();
    let mut reader = flate2::read::GzDecoder::new(gz).take(cap as u64 + 1);
    reader.read_to_end(out).map_err(|_| CwlError::Gzip)?;
    if out.len() > cap {
        out.clear();
        return Err(CwlError::TooLarge);
    }
    Ok(())
}

/// A subscription message, borrowing from the inflated bytes. Unknown fields ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message<'a> {
    #[serde(borrow)]
    /// `DATA_MESSAGE` or `CONTROL_MESSAGE`.
    pub message_type: Cow<'a, str>,
    #[serde(borrow, default)]
    /// The source log group.
    pub log_group: Cow<'a, str>,
    #[serde(borrow, default)]
    /// The source log stream.
    pub log_stream: Cow<'a, str>,
    #[serde(borrow, default)]
    /// The log events, in order.
    pub log_events: Vec<LogEvent<'a>>,
}

#[derive(Debug, Deserialize)]
/// One log event of a message.
pub struct LogEvent<'a> {
    #[serde(borrow)]
    /// The event's message: one log line.
    pub message: Cow<'a, str>,
}

/// What a message asks for.
#[derive(Debug)]
pub enum Parsed<'a> {
    /// Log lines, with where they came from.
    Data(Message<'a>),
    /// CloudWatch Logs checking the destination: nothing to deliver.
    Control,
}

/// Reads an inflated subscription message.
pub fn parse(json: &[u8]) -> Result<Parsed<'_>, CwlError> {
    let message: Message<'_> = serde_json::from_slice(json).map_err(|_| CwlError::NotSubscriptionMessage)?;
    match message.message_type.as_ref() {
        "DATA_MESSAGE" => Ok(Parsed::Data(message)),
        "CONTROL_MESSAGE" => Ok(Parsed::Control),
        _ => Err(CwlError::NotSubscriptionMessage),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn inflates_within_the_cap() {
        let mut out = Vec::new();
        assert_eq!(inflate(&gzip(b"hello"), &mut out, 5), Ok(()));
        assert_eq!(out, b"hello");
        assert_eq!(inflate(&gzip(b"hello!"), &mut out, 5), Err(CwlError::TooLarge));
        assert_eq!(inflate(&gzip(b"hello")[..10], &mut out, 100), Err(CwlError::Gzip));
        assert_eq!(inflate(b"\x1f\x8bnot gzip", &mut out, 100), Err(CwlError::Gzip));
    }

    /// A 40 KB record that inflates to 40 MB stops at the cap, having written no more.
    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        let bomb = gzip(&vec![b'A'; 40 << 20]);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let mut out = Vec::new();
        assert_eq!(inflate(&bomb, &mut out, MAX_INFLATED), Err(CwlError::TooLarge));
        assert!(out.capacity() <= 2 * MAX_INFLATED + 64 * 1024);
    }

    #[test]
    fn message_types() {
        let data = br#"{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1,"message":"m"}]}"#;
        match parse(data) {
            Ok(Parsed::Data(m)) => {
                assert_eq!((m.log_group.as_ref(), m.log_stream.as_ref(), m.log_events.len()), ("g", "s", 1))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse(br#"{"messageType":"CONTROL_MESSAGE","logEvents":[]}"#), Ok(Parsed::Control)));
        assert_eq!(parse(br#"{"messageType":"OTHER"}"#).unwrap_err(), CwlError::NotSubscriptionMessage);
        assert_eq!(parse(b"[]").unwrap_err(), CwlError::NotSubscriptionMessage);
    }
}
