//! firelog: Apache and nginx access-log lines to typed JSON LineCounts, as the
//! data-transformation step of a Kinesis Data Firehose delivery stream.
//!
//! This library knows nothing of Lambda: the Lambda binary, the `firelog` CLI, the
//! benches and the tests all drive the same [`transform::Transformer`]. Data flows one
//! way: event bytes → records → lines → typed fields → JSON → base64 → response.

/// Access-log lines to typed fields, borrowed from the line.
pub mod access_log;
/// CloudWatch Logs subscription messages (gzip) as a source of lines.
pub mod cloudwatch;
/// The Firehose event in, the response out.
pub mod envelope;
/// The worst-case growth of a response over its log, from a format's plan.
pub mod expansion;
/// JSON strings from log bytes: lossless, Apache-aware.
pub mod json;
/// One CloudWatch Embedded Metric Format line per invocation.
pub mod metrics;
/// Typed fields to one JSON Lines object.
pub mod output;
/// Drop rules and partition keys.
pub mod routing;
/// Settings from the environment, checked at start-up.
pub mod settings;
/// Apache's `%t` to UTC and RFC 3339.
pub mod timestamp;
/// The record contract.
pub mod transform;

pub use access_log::{Builtin, Format, Scanner};
pub use settings::{Settings, Threads};
pub use transform::{Summary, Transformer};
