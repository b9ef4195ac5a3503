//! The Firehose transformation envelope: the event in, the response out.
//!
//! Own types rather than `aws_lambda_events::firehose`, for three reasons:
//! - Tolerance: AWS sends `kinesisRecordMetadata.subsequenceNumber` as `""` and
//!   timestamps as strings for Kinesis-stream sources, which that crate's strict `i64`
//!   fields reject, failing the whole batch. Here the metadata is not read at all and
//!   `approximateArrivalTimestamp` accepts a number or a string.
//! - Borrowing: record ids and base64 data are borrowed from the event bytes, not copied.
//! - The response is written straight into one buffer: base64 never needs JSON escaping,
//!   so the transformed data is encoded into place instead of being escape-scanned by a
//!   serializer (tests check that `aws_lambda_events` reads what is written here).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A Firehose transformation event: the records, and the stream's ARN (the metrics'
/// dimension). Other fields (`invocationId`, `sourceKinesisStreamArn`, ...) are not read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event<'a> {
    #[serde(borrow, default)]
    /// The delivery stream's ARN, when the event names it.
    pub delivery_stream_arn: Option<Cow<'a, str>>,
    #[serde(borrow)]
    /// The records, in order.
    pub records: Vec<Record<'a>>,
}

/// One record of the event.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record<'a> {
    #[serde(borrow)]
    /// The id the response must answer with.
    pub record_id: Cow<'a, str>,
    /// Base64, as sent. Read as bytes: base64 is ASCII, so checking that it is UTF-8
    /// would be a pass over most of the event for nothing (a stray byte fails decoding).
    #[serde(borrow)]
    pub data: Cow<'a, [u8]>,
    /// Milliseconds since the epoch, when Firehose (or the source stream) received it.
    #[serde(default, deserialize_with = "arrival_ms")]
    pub approximate_arrival_timestamp: Option<i64>,
}

/// Why an event could not be read at all. Firehose retries such a batch.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("event is not valid JSON: {0}")]
    /// The bytes are not JSON.
    Json(serde_json::Error),
    #[error("event is not a Firehose transformation event: {0}")]
    /// JSON, but not shaped like a Firehose event.
    Shape(serde_json::Error),
}

impl<'a> Event<'a> {
    /// Reads an event, borrowing its strings from `bytes`.
    pub fn parse(bytes: &'a [u8]) -> Result<Event<'a>, EventError> {
        serde_json::from_slice(bytes)
            .map_err(|e| if e.is_data() { EventError::Shape(e) } else { EventError::Json(e) })
    }

    /// The delivery stream's name: the last part of its ARN.
    pub fn delivery_stream_name(&self) -> Option<&str> {
        let arn = self.delivery_stream_arn.as_deref()?;
        Some(arn.rsplit('/').next().unwrap_or(arn))
    }
}

/// A record's outcome, spelled as Firehose wants it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Transformed.
    Ok,
    /// Nothing to deliver.
    Dropped,
    /// Not transformed; the data goes back as it came.
    ProcessingFailed,
}

impl Outcome {
    /// The outcome as Firehose spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "Ok",
            Outcome::Dropped => "Dropped",
            Outcome::ProcessingFailed => "ProcessingFailed",
        }
    }
}

/// Writes `{"records":[...]}` into one buffer, a record at a time.
#[derive(Debug, Default)]
pub struct ResponseWriter {
    buf: Vec<u8>,
    records: usize,
}

impl ResponseWriter {
    /// Starts a response, reusing `buf`'s allocation.
    pub fn new(mut buf: Vec<u8>) -> ResponseWriter {
        buf.clear();
        buf.extend_from_slice(b"{\"records\":[");
        ResponseWriter { buf, records: 0 }
    }

    fn open(&mut self, record_id: &str, outcome: Outcome) {
        if self.records > 0 {
            self.buf.push(b',');
        }
        self.records += 1;
        self.buf.extend_from_slice(b"{\"recordId\":");
        crate::json::write_str(&mut self.buf, record_id.as_bytes(), false);
        self.buf.extend_from_slice(b",\"result\":\"");
        self.buf.extend_from_slice(outcome.as_str().as_bytes());
        self.buf.extend_from_slice(b"\",\"data\":\"");
    }

    /// A record whose data goes back as it came (already base64).
    pub fn push_original(&mut self, record_id: &str, outcome: Outcome, data_b64: &[u8]) {
        self.open(record_id, outcome);
        // Valid base64 needs no escaping; data that failed to decode may hold anything.
        crate::json::write_str_body(&mut self.buf, data_b64, false);
        self.buf.extend_from_slice(b"\"}");
    }

    /// An `Ok` record: `data` is base64-encoded straight into the response. `metadata`,
    /// the members of a JSON object or empty, becomes `metadata`: `"partitionKeys":{...}`
    /// (dynamic partitioning) or `"otfMetadata":{...}` (an Iceberg table).
    pub fn push_encoded(&mut self, record_id: &str, data: &[u8], metadata: &[u8]) {
        self.open(record_id, Outcome::Ok);
        append_base64(&mut self.buf, data);
        if metadata.is_empty() {
            self.buf.extend_from_slice(b"\"}");
        } else {
            self.buf.extend_from_slice(b"\",\"metadata\":{");
            self.buf.extend_from_slice(metadata);
            self.buf.extend_from_slice(b"}}");
        }
    }

    /// Starts a run of records to be appended to another writer's response.
    pub fn fragment(mut buf: Vec<u8>) -> ResponseWriter {
        buf.clear();
        ResponseWriter { buf, records: 0 }
    }

    /// The records of a fragment, comma-separated, for [`ResponseWriter::append_fragment`].
    pub fn into_fragment(self) -> Vec<u8> {
        self.buf
    }

    /// Appends the records of a fragment after this writer's.
    pub fn append_fragment(&mut self, fragment: &[u8]) {
        if fragment.is_empty() {
            return;
        }
        if self.records > 0 {
            self.buf.push(b',');
        }
        // The fragment holds at least one record; the exact count only matters for commas.
        self.records += 1;
        self.buf.extend_from_slice(fragment);
    }

    /// Bytes a record takes in a response (with its separating comma), written with
    /// `data` as it came.
    pub fn entry_len(record_id: &str, outcome: Outcome, data: &[u8]) -> usize {
        let mut id = Vec::new();
        crate::json::write_str(&mut id, record_id.as_bytes(), false);
        let mut text = Vec::new();
        crate::json::write_str_body(&mut text, data, false);
        Self::FRAME + id.len() + outcome.as_str().len() + text.len()
    }

    /// Bytes an `Ok` record takes in a response (with its comma), for output of `len`
    /// bytes and metadata members of `metadata_len` bytes.
    pub fn encoded_entry_len(record_id: &str, len: usize, metadata_len: usize) -> usize {
        let mut id = Vec::new();
        crate::json::write_str(&mut id, record_id.as_bytes(), false);
        // `,"metadata":{` and `}`
        let metadata = if metadata_len == 0 { 0 } else { 14 + metadata_len };
        Self::FRAME + id.len() + Outcome::Ok.as_str().len() + len.div_ceil(3) * 4 + metadata
    }

    /// `,{"recordId":` `,"result":"` `","data":"` `"}`
    const FRAME: usize = 1 + 12 + 11 + 10 + 2;

    /// Size so far, in bytes.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing is written yet.
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }

    /// Closes the array and hands back the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.extend_from_slice(b"]}");
        self.buf
    }
}

/// Base64-encodes `data` onto the end of `buf`, in place.
fn append_base64(buf: &mut Vec<u8>, data: &[u8]) {
    base64_simd::STANDARD.encode_append(data, buf);
}

/// `approximateArrivalTimestamp` as milliseconds: Firehose sends a number; other
/// producers (and AWS's Kinesis-source samples) send a numeric or RFC 3339 string. A
/// value that is neither is treated as absent rather than failing the batch.
fn arrival_ms<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Millis;
    impl<'de> Visitor<'de> for Millis {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("milliseconds since the epoch, as a number or a string")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).ok())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(v.is_finite().then_some(v as i64))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if let Ok(n) = v.parse::<f64>() {
                return self.visit_f64(n);
            }
            Ok(chrono::DateTime::parse_from_rfc3339(v).ok().map(|t| t.timestamp_millis()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Millis)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_option(Millis)
}

/// Builds a Firehose event from log lines, one record per line: how a user turns their
/// own logs into a test event, and how the benches build theirs.
#[derive(Debug)]
pub struct EventBuilder {
    buf: Vec<u8>,
    records: usize,
    arrival_ms: i64,
    line: Vec<u8>,
}

/// Looks like the ARN of a delivery stream without naming a real account.
pub const SAMPLE_STREAM_ARN: &str = "arn:aws:firehose:us-east-1:123456789012:deliverystream/firelog-local";

impl EventBuilder {
    /// An empty event whose records arrived at `arrival_ms`.
    pub fn new(arrival_ms: i64) -> EventBuilder {
        let mut buf = Vec::new();
        buf.extend_from_slice(
            b"{\"invocationId\":\"00000000-0000-4000-8000-000000000000\",\"deliveryStreamArn\":\"",
        );
        buf.extend_from_slice(SAMPLE_STREAM_ARN.as_bytes());
        buf.extend_from_slice(b"\",\"region\":\"us-east-1\",\"records\":[");
        EventBuilder { buf, records: 0, arrival_ms, line: Vec::new() }
    }

    /// Adds `line` (a `\n` is appended, as agents send lines) unless the finished event
    /// would then be larger than `max_bytes`. Returns whether it was added.
    pub fn try_push_line(&mut self, line: &[u8], max_bytes: usize) -> bool {
        self.line.clear();
        self.line.extend_from_slice(line);
        self.line.push(b'\n');
        let before = self.buf.len();
        if self.records > 0 {
            self.buf.push(b',');
        }
        // Firehose record ids are long decimal strings; these keep that shape.
        self.buf.extend_from_slice(b"{\"recordId\":\"49546986683135544286507457936321625675700192");
        self.buf.extend_from_slice(format!("{:012}", self.records + 1).as_bytes());
        self.buf.extend_from_slice(b"\",\"approximateArrivalTimestamp\":");
        self.buf.extend_from_slice(itoa::Buffer::new().format(self.arrival_ms).as_bytes());
        self.buf.extend_from_slice(b",\"data\":\"");
        append_base64(&mut self.buf, &self.line);
        self.buf.extend_from_slice(b"\"}");
        // 2 for the closing `]}`.
        if self.buf.len() + 2 > max_bytes {
            self.buf.truncate(before);
            return false;
        }
        self.records += 1;
        true
    }

    /// How many records the event holds.
    pub fn records(&self) -> usize {
        self.records
    }

    /// The event's JSON bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.extend_from_slice(b"]}");
        self.buf
    }
}
