//! One CloudWatch Embedded Metric Format (EMF) line per invocation.
//!
//! Printed to standard output, where Lambda sends it to CloudWatch Logs and CloudWatch
//! turns it into metrics: no API calls, no extra latency. The structure follows the
//! EMF specification: an `_aws` member with a `Timestamp` (ms) and one
//! `CloudWatchMetrics` directive naming the namespace, the dimension set and the
//! metrics, whose values are members of the same object. With `GEOIP_DB` or `ASN_DB` set,
//! each database adds its lookups, hits and unreadable records (`GeoLookups`, `GeoHits`,
//! `GeoUnreadable`, `AsnLookups`, `AsnHits`, `AsnUnreadable`).

use std::fmt::Write as _;

use crate::transform::Summary;
use crate::variable::{SettingError, Variable};

/// `METRICS`.
pub const METRICS: Variable = Variable { name: "METRICS", default: "on", allowed: "on (the default) or off" };

/// `METRICS_NAMESPACE`.
pub const METRICS_NAMESPACE: Variable = Variable {
    name: "METRICS_NAMESPACE",
    default: "firelog",
    allowed: "1 to 255 printable characters, not starting with AWS/ (default firelog)",
};

/// `METRICS_DIMENSIONS`.
pub const METRICS_DIMENSIONS: Variable = Variable {
    name: "METRICS_DIMENSIONS",
    default: "",
    allowed: "comma-separated Name=Value pairs (at most 29, names not DeliveryStream), e.g. Env=prod,Team=web",
};

/// Whether each invocation prints its EMF line, and under which namespace and dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metrics {
    /// `METRICS`: `on` (default) or `off`.
    pub on: bool,
    /// `METRICS_NAMESPACE`: the CloudWatch namespace.
    pub namespace: String,
    /// `METRICS_DIMENSIONS`: `Name=Value` pairs added to the `DeliveryStream` dimension.
    pub dimensions: Vec<(String, String)>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics { on: true, namespace: METRICS_NAMESPACE.default.into(), dimensions: Vec::new() }
    }
}

impl Metrics {
    /// Reads `METRICS`, `METRICS_NAMESPACE` and `METRICS_DIMENSIONS` through `lookup`.
    pub fn from_settings(lookup: impl Fn(&str) -> Option<String>) -> Result<Metrics, SettingError> {
        let mut m = Metrics::default();
        if let Some(value) = lookup(METRICS.name) {
            m.on = match value.trim() {
                "" | "on" => true,
                "off" => false,
                _ => return Err(METRICS.reject(&value)),
            };
        }
        if let Some(value) = lookup(METRICS_NAMESPACE.name) {
            let ns = value.trim();
            // CloudWatch: 1 to 255 characters, and no namespace may start with `AWS/`.
            if ns.is_empty() || ns.len() > 255 || ns.starts_with("AWS/") || ns.chars().any(|c| c.is_control())
            {
                return Err(METRICS_NAMESPACE.reject(&value));
            }
            m.namespace = ns.to_string();
        }
        if let Some(value) = lookup(METRICS_DIMENSIONS.name) {
            let bad = || METRICS_DIMENSIONS.reject(&value);
            for pair in crate::variable::list(&value) {
                let (k, v) = pair.split_once('=').ok_or_else(bad)?;
                let (k, v) = (k.trim(), v.trim());
                if k.is_empty()
                    || v.is_empty()
                    || k == STREAM_DIMENSION
                    || m.dimensions.iter().any(|(d, _)| d == k)
                {
                    return Err(bad());
                }
                m.dimensions.push((k.to_string(), v.to_string()));
            }
            // EMF allows 30 dimensions in a set; DeliveryStream is one.
            if m.dimensions.len() > 29 {
                return Err(bad());
            }
        }
        Ok(m)
    }
}

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
    // Each database set: its lookups, hits and records it could not read whole.
    let databases = [("Geo", &summary.lookups.geo), ("Asn", &summary.lookups.asn)];
    let mut names: Vec<(String, f64)> = Vec::new();
    for (prefix, counts) in databases {
        if let Some(c) = counts {
            names.push((format!("{prefix}Lookups"), c.lookups as f64));
            names.push((format!("{prefix}Hits"), c.hits as f64));
            names.push((format!("{prefix}Unreadable"), c.unreadable as f64));
        }
    }
    let lag = summary.oldest_arrival_ms.map(|t| (inv.now_ms - t).max(0) as f64);
    let mut metrics: Vec<(&str, &str, f64)> = counts.to_vec();
    if let Some(lag) = lag {
        metrics.push(("MaxArrivalLagMs", "Milliseconds", lag));
    }
    metrics.extend(names.iter().map(|(name, value)| (name.as_str(), "Count", *value)));
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
