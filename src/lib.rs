//! firelog: access-log lines of every format `LOG_FORMAT` names (Apache's, nginx's,
//! Envoy's, HAProxy's, AWS's, W3C's...) to typed JSON Lines, as the data-transformation
//! step of a Kinesis Data Firehose delivery stream.
//!
//! This library knows nothing of Lambda: the Lambda binary, the `firelog` CLI, the
//! benches and the tests all drive the same [`Transformer`]. Data flows one way: event
//! bytes → records → lines → entries → JSON → base64 → response.
//!
//! # Words
//!
//! One word per idea, in the code, the docs and the README:
//!
//! - **event**: what Firehose sends one invocation, and the **response** it gets back
//!   ([`envelope`]).
//! - **record**: one of the event's records: base64 data in, one result out (`Ok`,
//!   `Dropped`, `ProcessingFailed`) under the same id ([`transform`]).
//! - **line**: one access-log line of a record's data, as bytes (`\n`-separated, or one
//!   CloudWatch Logs event's message).
//! - **shipper's envelope**: a JSON object a shipper wraps a line in (`{"log":...}`,
//!   `{"message":...}`), or a container runtime's CRI prefix before it
//!   (`2023-10-06T00:17:09.669794202Z stdout F `, [`cri`]); the line is read from it and
//!   its other fields are written under the key `envelope` ([`shipper`]). Not the Firehose
//!   event's envelope ([`envelope`]).
//! - **format**: what `LOG_FORMAT` names — a **nickname** (`combined`, `nginx_main`, `alb`,
//!   ...) or a server's own format string (an Apache `LogFormat`, an nginx `log_format`, an
//!   Envoy format, a HAProxy `log-format`, a W3C `#Fields:` line, an API Gateway `$context`
//!   template, ...) — compiled once per container ([`Format`]); several make a list.
//! - **plan**: a format read into its literals and **directives** (Apache's `%h`, nginx's
//!   `$remote_addr`), each with its JSON key and type ([`access_log::plan::Plan`]).
//! - **matcher**: a plan compiled into a regex with a group per field, and how each group
//!   is typed ([`access_log::matcher::Matcher`]); the **scanner** is the hand-written byte
//!   reader that takes its place for `combined`, `common` and nginx's `combined`
//!   ([`Scanner`]).
//! - **entry**: one line, parsed: its **fields**, typed and borrowed from the line
//!   ([`access_log::Entry`]).
//! - **rules**: drop rules and partition keys, which read an entry's [`routing::RuleFields`].
//! - **enrichment**: what firelog adds beside a line's fields: the real client
//!   (`client_ip`), its place and network from databases, what its user agent is, and
//!   addresses cut to their networks ([`enrich`]).
//! - **profile**: the names the keys take (`SCHEMA`: `firelog`, `ecs`, `otel`)
//!   ([`profile::Profile`]).
//! - **setting**: one environment variable, with its default and what is allowed
//!   ([`settings::VARIABLES`]).
//!
//! # Examples
//!
//! Compile a format and parse a line:
//!
//! ```
//! use firelog::Format;
//! use firelog::access_log::Captures;
//!
//! let format = Format::new(r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time"#)?;
//! let mut captures = Captures::default();
//! let line = br#"203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/1.1" 200 512 0.034"#;
//! let entry = format.parse(line, &mut captures)?;
//! assert_eq!(entry.status, Some(200));
//! assert_eq!(entry.request(), Some(&b"GET /a?b=1 HTTP/1.1"[..]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Write a line as the Lambda does (the JSON Lines object of one entry):
//!
//! ```
//! use firelog::{Builtin, Settings, Transformer};
//!
//! let mut transformer = Settings::default().transformer();
//! let mut out = Vec::new();
//! let line = br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
//! transformer.line(line, 1, &mut out)?;
//! assert_eq!(
//!     String::from_utf8(out)?,
//!     r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":null,"user_agent":null}"#.to_string() + "\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Transform a Firehose event into its response:
//!
//! ```
//! use firelog::{Builtin, Transformer};
//!
//! // One record: `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5`, base64.
//! let event = br#"{"records":[{"recordId":"1","data":"MTI3LjAuMC4xIC0gLSBbMTAvT2N0LzIwMDA6MTM6NTU6MzYgLTA3MDBdICJHRVQgLyBIVFRQLzEuMCIgMjAwIDU="}]}"#;
//! let mut transformer = Transformer::new(Builtin::Combined);
//! let (response, summary) = transformer.event(event)?;
//! assert_eq!((summary.records, summary.ok), (1, 1));
//! let response = String::from_utf8(response)?;
//! assert!(response.starts_with(r#"{"records":[{"recordId":"1","result":"Ok","data":""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

/// Lines to entries: formats, their plans, the matcher and the scanner.
pub mod access_log;
/// CloudWatch Logs subscription messages (gzip) as a source of lines.
pub mod cloudwatch;
/// The words of the output: the writer's keys, a column's type and origin.
pub mod column;
/// Container runtimes' lines (the CRI log format): the time, stream and tag before a
/// container's line.
pub mod cri;
/// What firelog adds beside a line's fields: the real client, GeoIP and ASN, the user
/// agent, anonymized addresses.
pub mod enrich;
/// The Firehose event in, the response out.
pub mod envelope;
/// The worst-case growth of a response over its log, from a format's plan.
pub mod expansion;
/// JSON strings from log bytes: lossless, Apache-aware.
pub mod json;
/// One JSON object line read by key paths: spans and types, one pass, no allocation.
pub mod json_object;
/// One CloudWatch Embedded Metric Format line per invocation.
pub mod metrics;
/// Entries to JSON Lines objects: the writer.
pub mod output;
/// Field profiles (`SCHEMA`): the keys under ECS or OpenTelemetry names.
pub mod profile;
/// The rules: drop rules, partition keys and the Iceberg table.
pub mod routing;
/// Tables over firelog's output: Glue columns, Athena and Iceberg DDL.
pub mod schema;
/// Settings from the environment, checked at start-up: the table of variables.
pub mod settings;
/// Shippers' envelopes around a line (Fluent Bit, FireLens, Docker, Vector, a container
/// runtime's CRI prefix): the line inside and the shipper's other fields.
pub mod shipper;
/// Apache's `%t` to UTC and RFC 3339.
pub mod timestamp;
/// Events to responses: the transformer, the record contract, the invocation summary.
pub mod transform;
/// A setting's words: its variable and its error, for every module that owns one.
pub mod variable;

pub use access_log::{Builtin, Format, Scanner};
pub use settings::Settings;
pub use transform::{Summary, Threads, Transformer};
