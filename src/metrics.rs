//! One CloudWatch Embedded Metric Format (EMF) line per invocation.
//!
//! Printed to standard output, where Lambda sends it to CloudWatch Logs and CloudWatch
//! turns it into metrics: no API calls, no extra latency. The structure follows the
//! EMF specification: an `_aws` member with a `Timestamp` (ms) and one
//! `CloudWatchMetrics` directive naming the namespace, the dimension set and the
//! metrics, whose values are members of the same object.

use std::fmt::Write as _;

use crate::transform::Summary;

/// What the summary line is measured against.
#[derive(Debug, Clone)]
pub struct Invocation<'a> {
    /// Milliseconds since the epoch, now.
    pub now_ms: i64,
    /// How long the transform took.
    pub transform_ms: f64,
    /// The delivery stream's name, if the event names it.
    pub stream: Option<&'a str>,
}

/// The dimension every line carries: which delivery stream it measures.
pub const STREAM_DIMENSION: &str = "DeliveryStream";

/// Writes the EMF line (no newline) for one invocation.
pub fn emf_line(
    namespace: &str,
    extra_dimensions: &[(String, String)],
    summary: &Summary,
    inv: &Invocation<'_>,
) -> String {
    let counts: [(&str, &str, f64); 7] = [
        ("Records", "Count", summary.records as f64),
        ("Ok", "Count", summary.ok as f64),
        ("Dropped", "Count", summary.dropped as f64),
        ("ProcessingFailed", "Count", summary.failed as f64),
        ("BytesIn", "Bytes", summary.bytes_in as f64),
        ("BytesOut", "Bytes", summary.bytes_out as f64),
        ("LinesUnparsed", "Count", summary.unparsed_lines as f64),
    ];
    let lag = summary.oldest_arrival_ms.map(|t| (inv.now_ms - t).max(0) as f64);
    let mut metrics: Vec<(&str, &str, f64)> = counts.to_vec();
    if let Some(lag) = lag {
        metrics.push(("MaxArrivalLagMs", "Milliseconds", lag));
    }
    metrics.push(("TransformMs", "Milliseconds", inv.transform_ms));

    let json = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut dims = vec![STREAM_DIMENSION.to_string()];
    dims.extend(extra_dimensions.iter().map(|(k, _)| k.clone()));
    let mut line = String::with_capacity(768);
    let _ = write!(
        line,
        "{{\"_aws\":{{\"Timestamp\":{},\"CloudWatchMetrics\":[{{\"Namespace\":{},\"Dimensions\":[[",
        inv.now_ms,
        json(namespace)
    );
    line.push_str(&dims.iter().map(|d| json(d)).collect::<Vec<_>>().join(","));
    line.push_str("]],\"Metrics\":[");
    let declared: Vec<String> =
        metrics.iter().map(|(n, u, _)| format!("{{\"Name\":{},\"Unit\":{}}}", json(n), json(u))).collect();
    line.push_str(&declared.join(","));
    line.push_str("]}]}");
    let _ = write!(line, ",{}:{}", json(STREAM_DIMENSION), json(inv.stream.unwrap_or("unknown")));
    for (k, v) in extra_dimensions {
        let _ = write!(line, ",{}:{}", json(k), json(v));
    }
    for (name, _, value) in &metrics {
        // Whole numbers print without a fraction; TransformMs keeps three decimals.
        if value.fract() == 0.0 {
            let _ = write!(line, ",{}:{}", json(name), *value as i64);
        } else {
            let _ = write!(line, ",{}:{:.3}", json(name), value);
        }
    }
    line.push('}');
    line
}
