//! Which format a log is in: every nickname and the common variants, tried on sample
//! lines, ranked by how many lines each reads (`firelog detect`).

use super::{Captures, Format};

/// The candidates, in the order that breaks a tie: the more fields a format checks, the
/// earlier. (name, `LOG_FORMAT` value)
pub const CANDIDATES: &[(&str, &str)] = &[
    ("ingress_nginx", "ingress_nginx"),
    (
        "nginx_main + $request_time",
        r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time"#,
    ),
    ("nginx_main", "nginx_main"),
    (
        "nginx_combined + $request_time",
        r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time"#,
    ),
    ("vhost_combined", "vhost_combined"),
    ("combined + %D", r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D"#),
    (
        "combined + \"%{X-Forwarded-For}i\"",
        r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{X-Forwarded-For}i""#,
    ),
    ("combined", "combined"),
    ("nginx_combined", "nginx_combined"),
    ("common", "common"),
    ("ssl_request_log", r#"%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b"#),
];

/// How many lines a candidate read, and the first it could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The candidate's nickname or name.
    pub name: &'static str,
    /// What to set `LOG_FORMAT` to.
    pub log_format: &'static str,
    /// How many of the lines it read.
    pub read: usize,
    /// Indices (into the lines given) of the first lines it could not read (at most
    /// [`UNREAD_SHOWN`]).
    pub unread: Vec<usize>,
}

/// How many unread line numbers a result keeps.
pub const UNREAD_SHOWN: usize = 10;

/// Tries every candidate on `lines` (blank ones `None`), best first. `combined` is the
/// default, which also reads common lines and lines with extra text: on a tie, the
/// candidates that name more fields come first.
pub fn detect(lines: &[Option<&[u8]>]) -> Vec<Detected> {
    let mut captures = Captures::default();
    let mut results: Vec<Detected> = CANDIDATES
        .iter()
        .filter_map(|&(name, log_format)| {
            let format = Format::new(log_format).ok()?;
            let mut found = Detected { name, log_format, read: 0, unread: Vec::new() };
            for (i, line) in lines.iter().enumerate() {
                let Some(line) = line else { continue };
                if format.parse(line, &mut captures).is_ok() {
                    found.read += 1;
                } else if found.unread.len() < UNREAD_SHOWN {
                    found.unread.push(i);
                }
            }
            Some(found)
        })
        .collect();
    // Stable: a tie keeps the candidates' order.
    results.sort_by_key(|d| std::cmp::Reverse(d.read));
    results
}
